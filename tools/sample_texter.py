"""The follow-up texts of the sample kommun's nämnder besides kommunstyrelsen, declared as data.

tools/make_followup_sample.py writes them (malbedomning.xlsx, internkontroll.xlsx and
texter/<KOD>/<avsnitt>.docx); kommunstyrelsen's own texts stay in that script. All prose is written
for this sample. It quotes no figure: the report prints the computed ones. Where a text says which
way a figure went (a DR row's deficit, sick leave that fell), the statement is declared below as a
claim and checked against the generated data: the finance claims by tools/make_sample.py, the
staff claims by tools/make_hr_sample.py.
"""

from __future__ import annotations

from dataclasses import dataclass

ON, PARTLY, OFF = "På rätt väg", "Delvis på rätt väg", "På fel väg"
DONE, PARTLY_DONE, NOT_STARTED = "Utförd", "Delvis utförd", "Ej utförd"
NO_DEV = "Kontroll genomförd utan avvikelse"
MINOR_DEV = "Kontroll genomförd med mindre avvikelse"
DEV = "Kontroll genomförd med avvikelse"
NOT_DONE = "Kontroll ej genomförd"
KF = "Uppdrag från Kommunfullmäktige"

DEMOKRATI, LARANDE = "Delaktighet och demokrati", "Livslångt lärande"
GEMENSKAP, MILJO = "Gemenskap och upplevelser", "Hållbar livsmiljö"
NARINGSLIV, OMSORG = "Näringsliv och arbetsmarknad", "Vård och omsorg"


def text(*paragraphs: str) -> str:
    """Paragraphs of a cell, separated by a blank line as the export does."""
    return "\n\n".join(paragraphs)


@dataclass(frozen=True)
class Claim:
    """A text's statement about a finance figure: prognos against budget (printed sign).
    table: "DR" (a DR row's label, or "Totalt"), "RR" (an RR line) or "INV" (a project code).
    direction: "underskott" (at least 0,1 mnkr below budget), "överskott" (at least 0,1 above),
    "balans" (within 1 mnkr; for a project within 0,1 mnkr) or "störst" (the project with the
    largest deviation of its nämnd)."""
    unit: str
    table: str
    label: str
    direction: str


@dataclass(frozen=True)
class StaffClaim:
    """A text's statement about a förvaltning's staff figure, January-August 2023 against
    January-August 2022 (sjukfrånvaro, personalomsättning) or the survey 2023 against 2022 (HME,
    Chefsfrågor): "minskat", "ökat" or "oförändrad" (within 0,15 points); or "över målet" (the
    period's figure above the Målvärde of the nämnd's indicator, tools/make_hr_sample.py) or
    "högst" (the highest of the förvaltningar in January-August 2023) or "bland de lägsta" (the
    lowest or second lowest)."""
    forvaltning: str
    measure: str
    direction: str


@dataclass(frozen=True)
class Followup:
    """One nämnd's follow-up: goals (Avsnitt, Kommunens uppgift, Mål, Analys, Status, Status
    föregående rapport), satsningar (Avsnitt, Prioritering, Kommentar, Status), uppdrag (Typ,
    Uppdrag, Kommentar), internkontroll (risk, description, [(kontroll, resultat, kommentar)]),
    the Word texts ({avsnitt: (title, blocks)}) and the claims they make."""
    goals: tuple
    priorities: tuple
    assignments: tuple
    controls: tuple
    sections: dict
    claims: tuple[Claim, ...]
    staff_claims: tuple[StaffClaim, ...]


def staff_goals(unit_phrase: str, engagement: str, leaders: str, sick: str, turnover: str,
                statuses: tuple[str, str, str, str]) -> tuple:
    """Section 5: the kommun's four staff goals with the förvaltning's analyses."""
    names = ("Mål 21: Ökat medarbetarengagemang",
             "Mål 22: Ledare/chefer känner att de har rätt förutsättningar att göra ett bra jobb och utvecklas "
             "i sin roll",
             "Mål 23: Sjukfrånvaron i Enköping ska minska",
             "Mål 24: Kommunens (externa) personalomsättning är lägre än åtta procent")
    note = f"Statistiken gäller {unit_phrase}s medarbetare."
    analyses = (engagement, leaders, text(sick, note), text(turnover, note))
    return tuple(("5", "", name, analysis, status, status)
                 for name, analysis, status in zip(names, analyses, statuses))


# ============================================================================================
# Barn- och utbildningsnämnden (BUN), barn- och utbildningsförvaltningen (BUF)
# ============================================================================================
BUN = Followup(
    goals=(
        ("4", DEMOKRATI, "Mål 1: Det finns flera ändamålsenliga sätt att komma i kontakt med kommunen och man får "
                         "snabba svar på sina frågor", text(
            "Sedan våren söker vårdnadshavare plats i förskola och fritidshem i en ny e-tjänst, där de också kan "
            "följa sin ansökan och tacka ja till ett erbjudande. Frågorna till förvaltningens kansli har blivit "
            "färre, och de flesta ärenden avgörs nu utan att någon behöver ringa.",
            "Skolorna använder samma lärplattform för information till hemmen. Under hösten samordnas rutinerna "
            "för hur snabbt skolorna ska svara på meddelanden från vårdnadshavare."), ON, ON),
        ("4", LARANDE, "Mål 4: Barn och elever utvecklas och lär sig i en trygg miljö och når sina kunskapsmål", text(
            "Resultaten i årskurs 9 är i stort sett på samma nivå som förra läsåret, men skillnaderna mellan "
            "skolorna har ökat. Elever vars föräldrar har kort utbildning når kunskapskraven i lägre grad än "
            "andra, och den skillnaden har inte minskat.",
            "Förvaltningen har därför gått igenom hur stödet till elever i behov av särskilt stöd organiseras. "
            "Specialpedagogerna arbetar från i höst närmare undervisningen, och skolor med svagare resultat får "
            "förstärkt stöd från den centrala elevhälsan.",
            "Bedömningen har sänkts sedan tertialrapporten, eftersom vårens resultat inte visar den förbättring "
            "som förväntades."), PARTLY, ON),
        ("4", LARANDE, "Mål 5: Fler unga och vuxna går vidare till arbete eller studier", text(
            "Vuxenutbildningen har fått fler platser inom yrkesvux, främst inom vård och omsorg, bygg och "
            "transport, och fler elever än tidigare har gått direkt från utbildningen till en anställning. "
            "Samarbetet med arbetsmarknadsenheten och det lokala näringslivet om praktikplatser har fördjupats.",
            "Gymnasieskolans introduktionsprogram följer upp varje elev som inte har gått vidare till ett "
            "nationellt program, så att ingen försvinner mellan skola och arbete."), ON, ON),
        ("4", LARANDE, "Mål 6: Enköping är en attraktiv skolkommun för både personal, elever och föräldrar", text(
            "Fler elever än förra året har valt en fristående skola eller en skola i en annan kommun, både i "
            "grundskolan och i gymnasieskolan. Förvaltningen har intervjuat elever och vårdnadshavare för att "
            "förstå varför, och svaren handlar oftast om studiero och om vilka program och profiler som erbjuds.",
            "Andelen behöriga lärare har ökat något. Det är fortsatt svårt att rekrytera lärare i matematik, "
            "naturorienterande ämnen och moderna språk, och förvaltningen deltar därför i en regional satsning "
            "på lärarutbildning på deltid för obehöriga som redan arbetar i skolan."), PARTLY, PARTLY),
        ("4", MILJO, "Mål 15: I kommunen tar vi ansvar för vår natur och bidrar till hållbara miljöer", text(
            "Alla förskolor arbetar nu med utomhuspedagogik och källsortering enligt samma rutin. Skolskjutsarna "
            "har planerats om så att fler turer samordnas och färre körs med nästan tomma bussar.",
            "Tillsammans med måltidsservice följer skolorna upp matsvinnet varje vecka, och i flera skolor har "
            "eleverna själva tagit fram sätt att minska det."), ON, ON),
        ("4", MILJO, "Mål 16: Enköpings kommun ska präglas av trygghet, jämställdhet och tillit", text(
            "Elevenkäten visar att de flesta elever känner sig trygga i skolan, men att otryggheten i "
            "korridorer och omklädningsrum har ökat i några skolor. Skolorna har kartlagt var och när eleverna "
            "känner sig otrygga och ändrat rastvakternas schema.",
            "Arbetet mot kränkande behandling har fått en gemensam rutin för anmälan och utredning. Alla "
            "anmälningar följs nu upp centralt, så att förvaltningen ser mönster som en enskild skola inte "
            "upptäcker."), PARTLY, PARTLY),
        *staff_goals(
            "barn- och utbildningsförvaltningen",
            text("Engagemanget har ökat något jämfört med förra årets undersökning. Medarbetarna upplever "
                 "arbetet som meningsfullt, medan arbetsbelastningen och möjligheten till återhämtning under "
                 "terminerna får lägre betyg.",
                 "Varje skola och förskola har gått igenom resultatet på en arbetsplatsträff och valt ett eller två "
                 "områden att arbeta vidare med."),
            text("Chefsfrågorna får ett något bättre resultat än förra året. Rektorerna efterfrågar mer stöd i "
                 "ekonomi och personalfrågor, och från hösten har varje rektor en utsedd kontaktperson på "
                 "ekonomi- och HR-avdelningarna."),
            text("Sjukfrånvaron har minskat jämfört med samma period förra året men är fortfarande högre än "
                 "nämndens mål. Förvaltningen prövar tillsammans med företagshälsovården ett arbetssätt med "
                 "tidiga samtal vid upprepad korttidsfrånvaro."),
            text("Personalomsättningen är ungefär på samma nivå som samma period förra året. Förvaltningen gör "
                 "avgångssamtal med alla som slutar, och svaren används i arbetet med att behålla medarbetare."),
            (ON, ON, PARTLY, PARTLY)),
    ),
    priorities=(
        ("4.1", "Likvärdig skola", text(
            "Grundskola",
            "Förvaltningen har tagit fram en modell för hur resurserna ska fördelas efter elevernas behov, där "
            "en större del än tidigare fördelas utifrån socioekonomiska förutsättningar. Modellen används i "
            "budgeten för nästa år.",
            "Elevhälsa",
            "Den centrala elevhälsan har förstärkt stödet till de skolor som har svagast resultat."), PARTLY_DONE),
        ("4.1", "Trygg och stimulerande förskola", text(
            "Förskola",
            "Barngrupperna har minskat något i de förskolor som hade störst grupper. Alla förskolor har en "
            "gemensam plan för språkutveckling, och arbetet följs upp i höst."), PARTLY_DONE),
        ("4.1", "Vägar till arbete för unga och vuxna", text(
            "Vuxenutbildning",
            "Fler platser inom yrkesvux har startat, och utbildningarna har planerats tillsammans med "
            "arbetsgivare som behöver anställa.",
            "Gymnasieskola",
            "Introduktionsprogrammen har fått en studie- och yrkesvägledare på heltid."), DONE),
        ("5.5", "Hållbar arbetsbelastning för lärare och förskolepersonal", text(
            "Förvaltningsledning",
            "En arbetsgrupp med fackliga företrädare har kartlagt vilka uppgifter som kan flyttas från lärare "
            "till administrativ personal. Två skolor prövar ett nytt sätt att fördela arbetstiden under hösten.",
            "Förskola",
            "Vikarieförmedlingen har fått en egen pool för förskolan, så att färre pass står obemannade."),
         PARTLY_DONE),
    ),
    assignments=(
        (KF, "Minska kommunens energibehov", text(
            "Skolor och förskolor har fått en rutin för att stänga av ventilation och belysning under lov och "
            "helger. Förvaltningen följer energianvändningen tillsammans med fastighetsförvaltningen.")),
        (KF, "Öka tempot i digital verksamhetsutveckling", text(
            "E-tjänsten för ansökan om plats i förskola och fritidshem är i drift. En förstudie om digital "
            "frånvarohantering för hela skolan har lämnats in till kommunens gemensamma portfölj.")),
        (KF, "Bedöm hur nya befolkningsprognoser påverkar investeringsbehovet", text(
            "Förvaltningen har tillsammans med fastighetsförvaltningen uppdaterat lokalbehovsplanen. Behovet av "
            "nya förskoleplatser i de centrala delarna kvarstår, medan en planerad utbyggnad av en grundskola "
            "kan skjutas upp.")),
    ),
    controls=(
        ("Elever får inte det stöd de har rätt till", text(
            "Om skolan inte utreder och ger särskilt stöd i tid riskerar eleven att inte nå kunskapskraven, och "
            "huvudmannen kan få kritik från Skolinspektionen."), [
            ("Åtgärdsprogram upprättas och följs upp", MINOR_DEV, text(
                "Stickprov i sex skolor visar att åtgärdsprogram finns där de ska finnas, men att uppföljningen "
                "inte alltid är dokumenterad. Rektorerna har fått en påminnelse och en mall för uppföljningen.")),
            ("Anmälan om frånvaro utreds", NO_DEV, text(
                "Alla skolor har utrett upprepad frånvaro enligt rutinen.")),
        ]),
        ("Kränkande behandling anmäls och utreds inte", text(
            "Skolan är skyldig att anmäla, utreda och åtgärda kränkande behandling. Brister kan leda till "
            "skadestånd och till att elever inte vågar gå till skolan."), [
            ("Anmälningar till huvudmannen", NO_DEV, text(
                "Anmälningarna har kommit in till huvudmannen inom föreskriven tid.")),
            ("Utredningar avslutas", MINOR_DEV, text(
                "Några utredningar har legat öppna längre än rutinen anger. Orsaken är främst att rektorer har "
                "varit frånvarande, och en ersättare utses nu alltid.")),
        ]),
        ("Interkommunala ersättningar och skolpeng betalas felaktigt", text(
            "Fel i elevregistret kan göra att kommunen betalar för elever som har flyttat eller bytt skola."), [
            ("Avstämning av elevregister mot utbetalningar", NO_DEV, text(
                "Avstämningen har gjorts varje månad och visade inga felaktiga utbetalningar.")),
        ]),
    ),
    sections={
        "sammanfattning": ("Sammanfattning", [
            ("p", "Perioden har präglats av arbetet för en *likvärdig skola* och av att fler elever än beräknat "
                  "har valt andra skolor än kommunens egna. Förskolan och vuxenutbildningen har utvecklats väl, "
                  "medan kunskapsresultaten i grundskolan inte har förbättrats som väntat."),
        ]),
        "medarbetare": ("Sammanfattning, medarbetare", [
            ("p", "Sjukfrånvaron inom barn- och utbildningsförvaltningen har minskat jämfört med samma period "
                  "förra året, och engagemanget i medarbetarundersökningen har ökat något. Arbetsbelastningen är "
                  "den fråga som medarbetarna själva lyfter mest."),
        ]),
        "uppdrag_och_ansvar": ("Uppdrag och ansvar", [
            ("p", "Barn- och utbildningsnämnden ansvarar för kommunens förskolor, grundskolor, fritidshem, "
                  "gymnasieskolor och vuxenutbildning. Nämnden är huvudman för de kommunala skolorna och ansvarar "
                  "för att alla barn och elever i kommunen får den utbildning de har rätt till, även när de går i "
                  "en fristående skola eller i en annan kommun."),
            ("p", "Nämndens ansvar omfattar bland annat"),
            ("li", "förskola och pedagogisk omsorg"),
            ("li", "förskoleklass, grundskola och fritidshem"),
            ("li", "gymnasieskola och gymnasiesärskola"),
            ("li", "vuxenutbildning och svenska för invandrare"),
            ("li", "elevhälsa och skolskjuts."),
            ("p", "Arbetet utförs av barn- och utbildningsförvaltningen."),
        ]),
        "vasentliga_handelser": ("Väsentliga händelser", [
            ("p", "Fler elever än beräknat har valt en **fristående skola** eller en skola i en annan kommun. "
                  "Det gäller både grundskolan och gymnasieskolan och påverkar nämndens ekonomi, eftersom "
                  "skolpengen följer eleven."),
            ("p", "Vuxenutbildningen har fått ett större statsbidrag för **regional yrkesvux** än tidigare år, "
                  "och nya yrkesutbildningar har startat i samarbete med arbetsgivare i kommunen."),
            ("p", "Bygget av den nya förskolan i Västra pågår och beräknas vara klart till årsskiftet. "
                  "Förskolans verksamhet och inventarier planeras så att den kan öppna i början av nästa år."),
        ]),
        "ekonomisk_analys": ("Ekonomisk analys", [
            ("p", "**Grundskola och fritidshem** och **gymnasieskolan** väntas gå med underskott. Fler elever än "
                  "budgeterat går i fristående skolor eller i andra kommuners skolor, och ersättningarna för "
                  "dem blir högre än beräknat."),
            ("p", "**Förskolan** väntas ge ett överskott, främst på personalkostnaderna, och den gemensamma "
                  "verksamheten får ett överskott genom högre statsbidrag. Skolskjutsarna blir däremot dyrare än "
                  "budgeterat efter den nya upphandlingen."),
            ("p", "**Vuxenutbildningen** väntas ge ett överskott tack vare det större statsbidraget för yrkesvux."),
        ]),
        "atgarder_budget_i_balans": ("Åtgärder för budget i balans", [
            ("h", "Pågående åtgärder"),
            ("li", "**Resursfördelning** – den nya modellen för resursfördelning införs i budgeten för nästa år, "
                   "och skolornas budgetar stäms av varje månad under hösten."),
            ("li", "**Skolskjuts** – turerna planeras om inför vårterminen så att fler elever kan åka med samma "
                   "buss."),
            ("li", "**Vakanser** – tjänster inom förvaltningens administration tillsätts bara efter prövning i "
                   "ledningsgruppen."),
        ]),
        "investeringar": ("Kommentarer till investeringsredovisningen", [
            ("p", "Inköpen av **digitala lärverktyg** blir något lägre än budgeterat, eftersom en del av "
                  "elevdatorerna kan användas ett år till. Inventarierna till den nya förskolan köps in under "
                  "hösten, när byggnaden är klar."),
        ]),
        "forvantad_utveckling": ("Förväntad utveckling", [
            ("p", "Antalet barn i förskoleåldern väntas minska något de närmaste åren, medan antalet elever i "
                  "gymnasieåldern ökar. Förvaltningen anpassar lokalbehovsplanen efter det och följer noga hur "
                  "elevernas skolval utvecklas."),
            ("p", "Kompetensförsörjningen är den största utmaningen. Lärarbristen väntas bestå, och förvaltningen "
                  "satsar därför på att behålla de lärare som redan arbetar i kommunens skolor."),
        ]),
    },
    claims=(
        Claim("BUN", "DR", "Totalt", "underskott"),
        Claim("BUN", "DR", "Grundskola och fritidshem", "underskott"),
        Claim("BUN", "DR", "Gymnasieskola", "underskott"),
        Claim("BUN", "DR", "Förskola", "överskott"),
        Claim("BUN", "DR", "Nämnd och förvaltningsgemensamt", "överskott"),
        Claim("BUN", "DR", "Vuxenutbildning och SFI", "överskott"),
        Claim("BUN", "RR", "Köp av verksamhet", "underskott"),
        Claim("BUN", "RR", "Bidrag (intäkter)", "överskott"),
        Claim("BUN", "RR", "Personalkostnader", "överskott"),
        Claim("BUN", "RR", "Övriga driftskostnader", "underskott"),
        Claim("BUN", "INV", "93002", "överskott"),
        Claim("BUN", "INV", "93003", "balans"),
    ),
    staff_claims=(StaffClaim("BUF", "sjukfrånvaro", "minskat"), StaffClaim("BUF", "sjukfrånvaro", "över målet"),
                  StaffClaim("BUF", "personalomsättning", "oförändrad"),
                  StaffClaim("BUF", "HME", "ökat"), StaffClaim("BUF", "Chefsfrågor", "ökat")),
)

# ============================================================================================
# Socialnämnden (SN), socialförvaltningen (SOF)
# ============================================================================================
SN = Followup(
    goals=(
        ("4", DEMOKRATI, "Mål 2: Enköpingsborna känner förtroende för hur kommunen styrs och känner att de kan vara "
                         "delaktiga i kommunens utveckling", text(
            "Brukarundersökningarna inom äldreomsorgen och stödet till personer med funktionsnedsättning visar "
            "att de flesta känner sig väl bemötta och upplever att de kan påverka hur insatserna utförs.",
            "Förvaltningen har under våren ordnat dialogmöten med anhöriga och med brukarorganisationerna, och "
            "synpunkterna används i arbetet med nästa års verksamhetsplan."), ON, ON),
        ("4", OMSORG, "Mål 7: Äldre kan leva ett aktivt och självständigt liv och känner sig trygga med vården och "
                      "omsorgen", text(
            "Hemtjänsten har arbetat för att färre medarbetare ska besöka samma person, och kontinuiteten har "
            "förbättrats i de flesta grupper. Digitala lås har införts i en stor del av hemtjänsten, vilket "
            "sparar tid och gör att nycklar inte längre behöver hanteras.",
            "Väntetiden till särskilt boende är kort, och de flesta som har beviljats plats har fått flytta in "
            "inom några veckor."), ON, ON),
        ("4", OMSORG, "Mål 8: Personer med funktionsnedsättning har goda förutsättningar att leva som andra", text(
            "Det finns för få bostäder med särskild service i kommunen, och flera beslut har därför verkställts "
            "genom köp av plats hos andra utförare, ibland långt från hemorten. En ny gruppbostad planeras "
            "tillsammans med fastighetsförvaltningen.",
            "Daglig verksamhet har fått fler platser med inriktning mot arbete på en vanlig arbetsplats."),
         PARTLY, PARTLY),
        ("4", OMSORG, "Mål 9: Barn, unga och vuxna som behöver stöd får rätt insats i rätt tid", text(
            "Antalet barn och unga som har placerats utanför hemmet har ökat under året, och fler placeringar "
            "än tidigare har krävt vård på hem för vård eller boende. Väntetiden till förebyggande insatser i "
            "öppenvården har samtidigt blivit längre.",
            "Förvaltningen bygger upp fler insatser på hemmaplan, bland annat ett förstärkt familjestöd och en "
            "egen familjehemsenhet, för att fler ska kunna få stöd utan att placeras. Arbetet har ännu inte "
            "gett effekt, och bedömningen har därför sänkts sedan tertialrapporten."), OFF, PARTLY),
        ("4", NARINGSLIV, "Mål 10: Fler invånare försörjer sig själva", text(
            "Fler hushåll än förra året har behövt ekonomiskt bistånd, främst hushåll där någon har förlorat "
            "sitt arbete eller inte längre har rätt till ersättning från a-kassan.",
            "Socialtjänsten och arbetsmarknadsenheten har infört gemensamma planeringssamtal, så att den som "
            "söker bistånd tidigt får en plan för vägen till arbete eller studier."), PARTLY, PARTLY),
        ("4", MILJO, "Mål 16: Enköpings kommun ska präglas av trygghet, jämställdhet och tillit", text(
            "Arbetet mot våld i nära relationer har förstärkts med en samordnare, och alla medarbetare som möter "
            "våldsutsatta har gått en gemensam utbildning.",
            "Socialtjänsten deltar i kommunens samverkan mot brott i välfärden och har skärpt kontrollen av "
            "utbetalningar och utförare."), ON, ON),
        *staff_goals(
            "socialförvaltningen",
            text("Engagemanget har ökat något sedan förra årets undersökning. Medarbetarna inom äldreomsorgen ger "
                 "högst betyg åt att arbetet känns meningsfullt, medan medarbetarna inom individ- och "
                 "familjeomsorgen upplever en hög arbetsbelastning."),
            text("Chefsfrågorna får ett bättre resultat än förra året. Enhetscheferna har fått färre "
                 "medarbetare per chef inom hemtjänsten, vilket ger mer tid för ledarskap."),
            text("Sjukfrånvaron har minskat jämfört med samma period förra året men är fortfarande den högsta "
                 "bland kommunens förvaltningar. Förvaltningen arbetar med hälsofrämjande schemaläggning och med "
                 "tidiga insatser vid upprepad korttidsfrånvaro."),
            text("Personalomsättningen har minskat jämfört med samma period förra året. Det är fortsatt svårt att "
                 "rekrytera och behålla socialsekreterare, och förvaltningen har därför tagit in inhyrd personal "
                 "under delar av året."),
            (ON, ON, PARTLY, PARTLY)),
    ),
    priorities=(
        ("4.1", "Hemmaplanslösningar för barn och unga", text(
            "Individ- och familjeomsorg",
            "Familjestödet har förstärkts och en egen familjehemsenhet har startat. Arbetet fortsätter under "
            "hösten med en öppenvårdsinsats för ungdomar."), PARTLY_DONE),
        ("4.1", "Välfärdsteknik i hemtjänsten", text(
            "Vård och omsorg",
            "Digitala lås har införts i en stor del av hemtjänsten, och nattillsyn med kamera erbjuds den som "
            "vill."), DONE),
        ("4.1", "Vägen från bistånd till arbete", text(
            "Individ- och familjeomsorg och arbetsmarknad",
            "Gemensamma planeringssamtal med arbetsmarknadsenheten har införts för alla nya ärenden om "
            "ekonomiskt bistånd."), PARTLY_DONE),
        ("5.5", "Heltid som norm", text(
            "Vård och omsorg",
            "Fler medarbetare inom äldreomsorgen har gått upp till heltid. Schemaläggningen har gjorts om så "
            "att fler pass kan bemannas med egen personal i stället för timavlönade."), PARTLY_DONE),
    ),
    assignments=(
        (KF, "Öka tempot i digital verksamhetsutveckling", text(
            "Införandet av digitala lås i hemtjänsten är klart, och en förstudie om automatiserad handläggning "
            "av ekonomiskt bistånd har lämnats till kommunens gemensamma portfölj.")),
        (KF, "Brott i välfärden", text(
            "Förvaltningen har gått igenom sina rutiner för utbetalningar och för uppföljning av privata "
            "utförare, och nya kontrollpunkter har lagts in i handläggningen.")),
    ),
    controls=(
        ("Utredningar om barn och unga blir inte klara i tid", text(
            "En utredning ska enligt socialtjänstlagen vara klar inom fyra månader. Försenade utredningar "
            "kan innebära att barn inte får stöd i tid."), [
            ("Utredningstider", DEV, text(
                "Flera utredningar har tagit längre tid än fyra månader, främst under perioder med vakanta "
                "tjänster. Inhyrda socialsekreterare har tagits in, och läget följs upp varje vecka.")),
            ("Beslut om förlängd utredningstid", MINOR_DEV, text(
                "I några ärenden saknades ett dokumenterat beslut om förlängning. Rutinen har förtydligats.")),
        ]),
        ("Insatser verkställs inte inom tre månader", text(
            "Beslut som inte verkställs inom tre månader ska rapporteras till IVO och kan leda till "
            "särskild avgift."), [
            ("Ej verkställda beslut", MINOR_DEV, text(
                "Några beslut om bostad med särskild service har inte kunnat verkställas i tid och har "
                "rapporterats. Plats har köpts hos andra utförare i väntan på den nya gruppbostaden.")),
        ]),
        ("Felaktiga utbetalningar av ekonomiskt bistånd", text(
            "Brister i kontrollen kan leda till att bistånd betalas ut på felaktiga grunder."), [
            ("Stickprov på utbetalningar", NO_DEV, text(
                "Stickproven visade att underlagen var kompletta och att besluten följde riktlinjerna.")),
            ("Kontroll mot andra myndigheter", NOT_DONE, text(
                "Kontrollen mot Försäkringskassan och a-kassorna görs under hösten, när den nya rutinen för "
                "informationsutbyte är på plats.")),
        ]),
    ),
    sections={
        "sammanfattning": ("Sammanfattning", [
            ("p", "Socialnämnden har under perioden fått fler ärenden inom *individ- och familjeomsorgen* och "
                  "fler beslut om bostad med särskild service än det finns platser för i kommunen. Äldreomsorgen "
                  "har utvecklats väl, bland annat med digitala lås i hemtjänsten."),
        ]),
        "medarbetare": ("Sammanfattning, medarbetare", [
            ("p", "Sjukfrånvaron inom socialförvaltningen har minskat jämfört med samma period förra året, och "
                  "personalomsättningen är lägre än då. Engagemanget i medarbetarundersökningen har ökat något."),
        ]),
        "uppdrag_och_ansvar": ("Uppdrag och ansvar", [
            ("p", "Socialnämnden ansvarar för kommunens socialtjänst och för den hälso- och sjukvård som "
                  "kommunen ger. Nämnden ser till att den som behöver stöd i sin vardag får det, och den har ett "
                  "särskilt ansvar för barn och unga som far illa."),
            ("p", "Nämndens ansvar omfattar"),
            ("li", "vård och omsorg om äldre, med hemtjänst och särskilt boende"),
            ("li", "stöd och service till personer med funktionsnedsättning"),
            ("li", "individ- och familjeomsorg, med barn och unga, vuxna och ekonomiskt bistånd"),
            ("li", "kommunal hälso- och sjukvård."),
            ("p", "Arbetet utförs av socialförvaltningen och av privata utförare inom hemtjänsten."),
        ]),
        "vasentliga_handelser": ("Väsentliga händelser", [
            ("p", "Antalet **placeringar av barn och unga** har ökat, och fler av dem har krävt vård på hem för "
                  "vård eller boende. Förvaltningen har samtidigt börjat bygga upp fler insatser på hemmaplan."),
            ("p", "Flera beslut om **bostad med särskild service** har verkställts genom köp av plats hos andra "
                  "utförare, eftersom de egna bostäderna är fulla. En ny gruppbostad planeras."),
            ("p", "Digitala lås har införts i hemtjänsten, och kontinuiteten i hemtjänsten har förbättrats."),
        ]),
        "ekonomisk_analys": ("Ekonomisk analys", [
            ("p", "**Individ- och familjeomsorgen** väntas gå med ett underskott. Kostnaderna för placeringar av "
                  "barn och unga och för vård av vuxna med missbruk blir högre än budgeterat, och även det "
                  "ekonomiska biståndet och den inhyrda personalen kostar mer än beräknat."),
            ("p", "**Stödet till personer med funktionsnedsättning** väntas också gå med underskott, eftersom "
                  "fler platser i bostad med särskild service har behövt köpas."),
            ("p", "**Vård och omsorg om äldre** väntas i stort sett hålla budgeten. Vakanser ger ett överskott på "
                  "personalkostnaderna, medan köpen av hemtjänst från privata utförare blir fler än beräknat. Den "
                  "gemensamma verksamheten får ett litet överskott genom högre statsbidrag."),
        ]),
        "atgarder_budget_i_balans": ("Åtgärder för budget i balans", [
            ("h", "Pågående åtgärder"),
            ("li", "**Hemmaplanslösningar** – familjestödet och familjehemsenheten ska minska behovet av "
                   "placeringar på hem för vård eller boende."),
            ("li", "**Egen personal** – rekryteringen av socialsekreterare prioriteras, så att den inhyrda "
                   "personalen kan avvecklas."),
            ("li", "**Egna bostäder** – den nya gruppbostaden ska ersätta köpta platser när den står klar."),
            ("h", "Utredningar"),
            ("li", "**Ekonomiskt bistånd** – en genomgång av långa biståndsärenden görs under hösten "
                   "tillsammans med arbetsmarknadsenheten."),
        ]),
        "investeringar": ("Kommentarer till investeringsredovisningen", [
            ("p", "Investeringarna i **välfärdsteknik** blir något lägre än budgeterat, eftersom trygghetslarmen "
                  "kunde köpas till ett lägre pris i den nya upphandlingen. Övriga investeringar följer budget."),
        ]),
        "forvantad_utveckling": ("Förväntad utveckling", [
            ("p", "Antalet invånare över 80 år ökar de kommande åren, och behovet av hemtjänst och särskilt "
                  "boende väntas växa. Förvaltningen planerar för det tillsammans med fastighetsförvaltningen."),
            ("p", "Inom individ- och familjeomsorgen är målet att fler ska få stöd på hemmaplan och färre behöva "
                  "placeras. Det tar tid innan arbetet ger full effekt."),
        ]),
    },
    claims=(
        Claim("SN", "DR", "Totalt", "underskott"),
        Claim("SN", "DR", "Individ- och familjeomsorg", "underskott"),
        Claim("SN", "DR", "Stöd till personer med funktionsnedsättning", "underskott"),
        Claim("SN", "DR", "Vård och omsorg om äldre", "balans"),
        Claim("SN", "DR", "Nämnd och förvaltningsgemensamt", "överskott"),
        Claim("SN", "RR", "Köp av verksamhet", "underskott"),
        Claim("SN", "RR", "Bidrag (kostnader)", "underskott"),
        Claim("SN", "RR", "Personalkostnader", "överskott"),
        Claim("SN", "RR", "Bidrag (intäkter)", "överskott"),
        Claim("SN", "RR", "Övriga driftskostnader", "underskott"),
        Claim("SN", "INV", "94001", "överskott"),
        Claim("SN", "INV", "94002", "balans"),
        Claim("SN", "INV", "94003", "balans"),
    ),
    staff_claims=(StaffClaim("SOF", "sjukfrånvaro", "minskat"), StaffClaim("SOF", "sjukfrånvaro", "högst"),
                  StaffClaim("SOF", "personalomsättning", "minskat"),
                  StaffClaim("SOF", "HME", "ökat"), StaffClaim("SOF", "Chefsfrågor", "ökat")),
)

# ============================================================================================
# Tekniska nämnden (TN), samhällsbyggnadsförvaltningen (SBF)
# ============================================================================================
TN = Followup(
    goals=(
        ("4", DEMOKRATI, "Mål 1: Det finns flera ändamålsenliga sätt att komma i kontakt med kommunen och man får "
                         "snabba svar på sina frågor", text(
            "Felanmälan om gator, belysning, parker och lekplatser görs nu i en app eller på webbplatsen, och den "
            "som anmäler får besked när felet är åtgärdat. De flesta anmälningar åtgärdas inom den tid som "
            "utlovas.",
            "Hyresgästerna i kommunens lokaler har fått en gemensam väg in för frågor om fastigheterna."), ON, ON),
        ("4", GEMENSKAP, "Mål 12: Kommunens offentliga miljöer är inbjudande, trygga och tillgängliga", text(
            "Två lekplatser har byggts om och fått utrustning som fler barn kan använda. Gatubelysningen byts "
            "successivt till LED, och gångstråk som upplevs otrygga har fått bättre belysning.",
            "Parkerna sköts enligt den nya skötselplanen, där fler ytor får växa fritt till nytta för pollinerande "
            "insekter."), ON, ON),
        ("4", MILJO, "Mål 15: I kommunen tar vi ansvar för vår natur och bidrar till hållbara miljöer", text(
            "Energieffektiviseringen i kommunens fastigheter fortsätter, och nya solcellsanläggningar byggs under "
            "året. Energipriserna har gjort arbetet ännu viktigare.",
            "Fordonsflottan ställs om till fossilfria drivmedel i takt med att fordonen byts ut."), ON, ON),
        ("4", MILJO, "Mål 17: Vi tar tillvara på landsbygden och Mälarens resurser och möjligheter", text(
            "Kommunens skog sköts enligt skogsbruksplanen, med hänsyn till friluftsliv och naturvärden. "
            "Arrendena av kommunens jordbruksmark har förnyats på samma villkor för alla arrendatorer."), ON, ON),
        ("4", MILJO, "Mål 18: Kransorternas utveckling och tillväxt är viktig för dess invånare, men även för den "
                     "omkringliggande landsbygden", text(
            "Utbyggnaden av gång- och cykelvägar mellan kransorterna och tätorten går enligt plan, men flera "
            "sträckor väntar fortfarande på avtal med markägare.",
            "Beläggningsunderhållet har i år prioriterat gator i kransorterna."), PARTLY, PARTLY),
        *staff_goals(
            "samhällsbyggnadsförvaltningen",
            text("Engagemanget har ökat något jämfört med förra året. Medarbetarna i fält ger högst betyg åt "
                 "samarbetet i arbetsgruppen, medan informationen från ledningen får lägre betyg."),
            text("Chefsfrågorna får ett bättre resultat än förra året. Cheferna har fått ett gemensamt stöd för "
                 "arbetsmiljöfrågor, som tidigare hanterades olika i olika verksamheter."),
            text("Sjukfrånvaron har minskat jämfört med samma period förra året. Förvaltningen arbetar vidare med "
                 "ergonomin inom lokalvården och parkverksamheten."),
            text("Personalomsättningen har minskat jämfört med samma period förra året. Det är fortsatt svårt att "
                 "rekrytera ingenjörer och projektledare."),
            (ON, ON, ON, PARTLY)),
    ),
    priorities=(
        ("4.1", "Energieffektiva fastigheter", text(
            "Fastighetsförvaltning",
            "Styrningen av värme och ventilation har setts över i de största fastigheterna, och solceller "
            "byggs på flera tak under året."), PARTLY_DONE),
        ("4.1", "Trygga och tillgängliga gator och parker", text(
            "Gator, vägar och parker",
            "Belysningen längs utpekade gångstråk har förbättrats och två lekplatser har byggts om."), DONE),
        ("4.1", "Sammanhängande gång- och cykelvägar", text(
            "Gator, vägar och parker",
            "Projekteringen av nästa etapp är klar, men byggstarten väntar på avtal med markägare."), PARTLY_DONE),
        ("5.5", "Ett gemensamt arbetsmiljöarbete", text(
            "Förvaltningsledning",
            "Alla verksamheter använder nu samma rutiner för riskbedömning och tillbudsrapportering."), DONE),
    ),
    assignments=(
        (KF, "Minska kommunens energibehov", text(
            "Fastighetsförvaltningen har en samordnare för energi och effekt, och energianvändningen i de största "
            "fastigheterna följs upp varje månad. Belysningen på flera gator har bytts till LED.")),
        (KF, "Samordna och utveckla samhällsbyggnadsprocessen", text(
            "Samhällsbyggnadsförvaltningen leder arbetet. En gemensam projektmodell för exploatering och "
            "utbyggnad av allmän plats har tagits fram tillsammans med miljö- och byggförvaltningen.")),
        (KF, "Bedöm hur nya befolkningsprognoser påverkar investeringsbehovet", text(
            "Lokalbehovsplanen har uppdaterats med nämnderna. Ombyggnaden av kök och matsalar i skolor har "
            "delats upp i etapper, och en del av arbetet flyttas till nästa år.")),
    ),
    controls=(
        ("Brister i fastigheternas underhåll", text(
            "Eftersatt underhåll kan leda till skador, högre kostnader på sikt och lokaler som inte går att "
            "använda."), [
            ("Underhållsplanen följs", MINOR_DEV, text(
                "Några planerade åtgärder har skjutits till nästa år för att prioritera akuta insatser. "
                "Åtgärderna finns kvar i underhållsplanen.")),
            ("Obligatoriska besiktningar", NO_DEV, text(
                "Alla obligatoriska besiktningar av hissar, ventilation och lekplatser har gjorts i tid.")),
        ]),
        ("Bristande säkerhet vid arbete på väg", text(
            "Arbete på och vid väg innebär risk för olyckor för både medarbetare och trafikanter."), [
            ("Trafikanordningsplaner finns", NO_DEV, text(
                "Godkända trafikanordningsplaner fanns för alla kontrollerade arbeten.")),
        ]),
        ("Felaktig debitering av internhyror", text(
            "Fel i hyresdebiteringen ger nämnderna felaktiga kostnader och gör det svårare att följa upp "
            "fastighetsförvaltningens ekonomi."), [
            ("Avstämning av hyresavtal mot debitering", NO_DEV, text(
                "Avstämningen visade att debiteringen stämmer med avtalen.")),
            ("Uppföljning av tomställda lokaler", NOT_DONE, text(
                "Uppföljningen görs i samband med lokalbehovsplanen under hösten.")),
        ]),
    ),
    sections={
        "sammanfattning": ("Sammanfattning", [
            ("p", "Tekniska nämnden har under perioden fortsatt arbetet med *energieffektivisering* i kommunens "
                  "fastigheter och med tryggare gator och parker. Energipriserna har påverkat nämndens ekonomi, "
                  "medan en mild vinter gav lägre kostnader för vinterväghållningen."),
        ]),
        "medarbetare": ("Sammanfattning, medarbetare", [
            ("p", "Sjukfrånvaron inom samhällsbyggnadsförvaltningen har minskat jämfört med samma period förra "
                  "året, och även personalomsättningen har minskat. Engagemanget har ökat något."),
        ]),
        "uppdrag_och_ansvar": ("Uppdrag och ansvar", [
            ("p", "Tekniska nämnden ansvarar för kommunens gator, vägar, parker och lekplatser, för kommunens egna "
                  "fastigheter och lokaler och för kommunens mark och skog."),
            ("p", "Nämndens ansvar omfattar bland annat"),
            ("li", "drift och underhåll av gator, gång- och cykelvägar, belysning och parker"),
            ("li", "vinterväghållning"),
            ("li", "förvaltning och underhåll av kommunens fastigheter och uthyrning av lokaler till nämnderna"),
            ("li", "kommunens fordon och maskiner"),
            ("li", "skogsförvaltning och arrenden."),
            ("p", "Arbetet utförs av samhällsbyggnadsförvaltningen."),
        ]),
        "vasentliga_handelser": ("Väsentliga händelser", [
            ("p", "Priserna på el och fjärrvärme har varit högre än beräknat, vilket har gjort "
                  "**energieffektiviseringen** ännu viktigare. Nya solcellsanläggningar byggs under året."),
            ("p", "Bygget av den **nya förskolan i Västra** går enligt plan och blir klart till årsskiftet. "
                  "Ombyggnaden av kök och matsalar i skolor har delats upp i etapper."),
            ("p", "Vintern blev mild, och vinterväghållningen krävde färre insatser än ett normalt år."),
        ]),
        "ekonomisk_analys": ("Ekonomisk analys", [
            ("p", "**Fastighetsförvaltningen** väntas gå med ett underskott, eftersom kostnaderna för el och "
                  "värme blir högre än budgeterat. En del av det planerade underhållet skjuts till nästa år, vilket "
                  "minskar underskottet."),
            ("p", "**Gator, vägar och parker** väntas ge ett överskott. Vinterväghållningen har kostat mindre än "
                  "budgeterat och parkeringsintäkterna blir högre än beräknat, medan elkostnaden för "
                  "gatubelysningen blir högre."),
            ("p", "**Mark och skog** väntas ge ett litet överskott genom högre priser på virke."),
        ]),
        "atgarder_budget_i_balans": ("Åtgärder för budget i balans", [
            ("h", "Pågående åtgärder"),
            ("li", "**Energi** – drifttiderna för ventilation och värme anpassas efter när lokalerna används."),
            ("li", "**Underhåll** – planerat underhåll som kan vänta utan risk för skador flyttas till nästa år."),
        ]),
        "investeringar": ("Kommentarer till investeringsredovisningen", [
            ("p", "Den största avvikelsen finns i **ombyggnaden av kök och matsalar i skolor**, där en etapp "
                  "flyttas till nästa år. **Den nya förskolan i Västra** blir något billigare än budgeterat, "
                  "eftersom upphandlingen gav ett lägre pris än kalkylen."),
            ("p", "Reinvesteringen i gator och vägar, gatubelysningen och fordonen blir också något billigare "
                  "än budgeterat. Gång- och cykelvägarna, energieffektiviseringen och solcellerna följer budget."),
        ]),
        "forvantad_utveckling": ("Förväntad utveckling", [
            ("p", "Energipriserna väntas vara fortsatt höga, och arbetet med att minska energianvändningen i "
                  "kommunens fastigheter fortsätter. Underhållsbehovet i de äldre skolorna växer de närmaste "
                  "åren."),
            ("p", "Kommunens tillväxt kräver nya gator och gång- och cykelvägar, som ska byggas i samma takt "
                  "som nya bostadsområden."),
        ]),
    },
    claims=(
        Claim("TN", "DR", "Totalt", "underskott"),
        Claim("TN", "DR", "Fastighetsförvaltning", "underskott"),
        Claim("TN", "DR", "Gator, vägar och parker", "överskott"),
        Claim("TN", "DR", "Mark och skog", "överskott"),
        Claim("TN", "RR", "Övriga driftskostnader", "underskott"),
        Claim("TN", "RR", "Taxor och avgifter", "överskott"),
        Claim("TN", "RR", "Övriga intäkter", "överskott"),
        Claim("TN", "INV", "Totalt", "överskott"),
        Claim("TN", "INV", "92006", "överskott"),
        Claim("TN", "INV", "92006", "störst"),
        Claim("TN", "INV", "92001", "överskott"),
        Claim("TN", "INV", "92003", "överskott"),
        Claim("TN", "INV", "92004", "överskott"),
        Claim("TN", "INV", "92005", "överskott"),
        Claim("TN", "INV", "92008", "balans"),
        Claim("TN", "INV", "92002", "balans"),
        Claim("TN", "INV", "92007", "balans"),
    ),
    staff_claims=(StaffClaim("SBF", "sjukfrånvaro", "minskat"), StaffClaim("SBF", "personalomsättning", "minskat"),
                  StaffClaim("SBF", "HME", "ökat"), StaffClaim("SBF", "Chefsfrågor", "ökat")),
)

# ============================================================================================
# Upplevelsenämnden (UPN), upplevelseförvaltningen (UPF)
# ============================================================================================
UPN = Followup(
    goals=(
        ("4", GEMENSKAP, "Mål 11: Kultur- och fritidsutbudet är rikt och når alla invånare", text(
            "Biblioteken har utökat de meröppna tiderna, och fler besökare än förra året har använt biblioteken "
            "på kvällar och helger. Sommarens aktiviteter för barn och unga samlade många deltagare.",
            "Simhallen var stängd några veckor under våren för reparation av reningsverket, och besöken blev "
            "därför färre än planerat. Bedömningen har sänkts sedan tertialrapporten."), PARTLY, ON),
        ("4", GEMENSKAP, "Mål 12: Kommunens offentliga miljöer är inbjudande, trygga och tillgängliga", text(
            "Fritidsgårdarna har fått längre öppettider på fredagar och lördagar, och fältassistenterna arbetar "
            "tillsammans med socialtjänsten och polisen på de platser där unga samlas.",
            "Den nya konstgräsplanen blir klar till hösten och kan användas av både föreningar och allmänhet."),
         ON, ON),
        ("4", GEMENSKAP, "Mål 13: Enköpings kommun har ett attraktivt samarbete med föreningsliv och företagare i "
                         "leveransen av service till invånarna", text(
            "Föreningsstödet har förenklats, och föreningarna söker nu alla bidrag i samma e-tjänst. Dialogmöten "
            "med föreningslivet hålls två gånger om året.",
            "Flera föreningar driver verksamhet i kommunens anläggningar på uppdrag av nämnden."), ON, ON),
        ("4", MILJO, "Mål 15: I kommunen tar vi ansvar för vår natur och bidrar till hållbara miljöer", text(
            "Måltidsservice har minskat matsvinnet i skolköken genom bättre planering och mindre portioner som "
            "eleverna kan ta om. Högre livsmedelspriser har gjort det svårare att öka andelen ekologiska och "
            "närproducerade livsmedel i den takt som planerats."), PARTLY, PARTLY),
        ("4", MILJO, "Mål 18: Kransorternas utveckling och tillväxt är viktig för dess invånare, men även för den "
                     "omkringliggande landsbygden", text(
            "Biblioteksfilialerna i kransorterna har fått meröppet, och kulturskolan undervisar i fler orter än "
            "tidigare."), ON, ON),
        *staff_goals(
            "upplevelseförvaltningen",
            text("Engagemanget har ökat något jämfört med förra året. Medarbetarna inom måltidsservice lyfter "
                 "det höga arbetstempot i köken som det viktigaste att arbeta vidare med."),
            text("Chefsfrågorna får ett bättre resultat än förra året. Kökscheferna har fått en gemensam "
                 "introduktion och ett nätverk för erfarenhetsutbyte."),
            text("Sjukfrånvaron har minskat jämfört med samma period förra året. Förvaltningen har tillsammans "
                 "med företagshälsovården sett över arbetsmiljön i de kök där frånvaron var högst."),
            text("Personalomsättningen har minskat jämfört med samma period förra året. Förvaltningen arbetar "
                 "med introduktionen av nya medarbetare, så att fler vill stanna."),
            (ON, ON, ON, PARTLY)),
    ),
    priorities=(
        ("4.1", "Meröppna bibliotek", text(
            "Kultur och bibliotek",
            "Alla biblioteksfilialer har meröppet sedan våren."), DONE),
        ("4.1", "Fritid för unga i hela kommunen", text(
            "Fritid och idrott",
            "Fritidsgårdarna har längre öppettider, och en mobil fritidsverksamhet besöker kransorterna under "
            "sommaren och höstlovet."), PARTLY_DONE),
        ("4.1", "Minskat matsvinn", text(
            "Måltidsservice",
            "Matsvinnet mäts i alla skolkök, och ett nytt planeringsverktyg för menyerna införs under hösten."),
         PARTLY_DONE),
        ("5.5", "Bättre arbetsmiljö i köken", text(
            "Måltidsservice",
            "Ergonomin i köken har setts över, och nya hjälpmedel köps in i samband med att köksutrustningen "
            "byts."), PARTLY_DONE),
    ),
    assignments=(
        (KF, "Minska kommunens energibehov", text(
            "Simhallens reningsverk har bytts mot ett mer energisnålt, och energianvändningen i köken följs upp "
            "varje månad.")),
        (KF, "Öka tempot i digital verksamhetsutveckling", text(
            "Föreningsbidragen söks nu i en e-tjänst, och bokningen av idrottshallar har blivit digital.")),
    ),
    controls=(
        ("Livsmedelssäkerheten brister", text(
            "Brister i hanteringen av livsmedel kan göra barn, elever och äldre sjuka, särskilt den som har en "
            "allergi eller behöver specialkost."), [
            ("Egenkontroll i köken", NO_DEV, text(
                "Egenkontrollen har gjorts enligt programmet i alla kök.")),
            ("Specialkost", MINOR_DEV, text(
                "I ett kök saknades dokumentation av en specialkost. Rutinen har gåtts igenom med personalen.")),
        ]),
        ("Föreningsbidrag betalas ut på felaktiga grunder", text(
            "Om underlagen inte kontrolleras kan bidrag betalas ut till föreningar som inte uppfyller villkoren."), [
            ("Kontroll av underlag för aktivitetsbidrag", NO_DEV, text(
                "Stickproven visade att underlagen stämde med föreningarnas närvarolistor.")),
        ]),
        ("Brister i säkerheten i simhallen", text(
            "Brister i bemanning eller utrustning kan leda till olyckor i bassängerna."), [
            ("Livräddningsutbildning", NO_DEV, text(
                "Alla badmästare har genomgått den årliga livräddningsutbildningen.")),
            ("Säkerhetsronder", NOT_DONE, text(
                "Säkerhetsronden gjordes inte under våren, eftersom simhallen var stängd. Den görs i september.")),
        ]),
    ),
    sections={
        "sammanfattning": ("Sammanfattning", [
            ("p", "Upplevelsenämnden har under perioden gjort biblioteken mer tillgängliga och utökat "
                  "fritidsverksamheten för unga. Simhallen var stängd några veckor under våren, och högre "
                  "livsmedelspriser har påverkat *måltidsservice*."),
        ]),
        "medarbetare": ("Sammanfattning, medarbetare", [
            ("p", "Sjukfrånvaron inom upplevelseförvaltningen har minskat jämfört med samma period förra året, "
                  "och personalomsättningen har också minskat. Engagemanget har ökat något."),
        ]),
        "uppdrag_och_ansvar": ("Uppdrag och ansvar", [
            ("p", "Upplevelsenämnden ansvarar för kommunens kultur- och fritidsverksamhet och för måltiderna i "
                  "förskolor, skolor och äldreboenden."),
            ("p", "Nämndens ansvar omfattar"),
            ("li", "bibliotek, konsthall och kulturarrangemang"),
            ("li", "idrotts- och fritidsanläggningar, simhall och fritidsgårdar"),
            ("li", "stöd till föreningslivet"),
            ("li", "kulturskolan"),
            ("li", "måltidsservice."),
            ("p", "Arbetet utförs av upplevelseförvaltningen."),
        ]),
        "vasentliga_handelser": ("Väsentliga händelser", [
            ("p", "**Simhallen** var stängd några veckor under våren, när reningsverket byttes. Under stängningen "
                  "flyttades simskolan till skolornas bassängtider."),
            ("p", "Alla biblioteksfilialer har fått **meröppet**, och fritidsgårdarna har längre öppettider på "
                  "helgerna."),
            ("p", "Priserna på livsmedel har fortsatt att stiga, och måltidsservice har anpassat menyerna för att "
                  "hålla kvaliteten."),
        ]),
        "ekonomisk_analys": ("Ekonomisk analys", [
            ("p", "**Fritid och idrott** väntas gå med ett underskott. Intäkterna från simhallen blir lägre än "
                  "budgeterat på grund av stängningen, och kostnaderna för el och värme i simhallen blir högre. "
                  "Vakanser inom fritidsgårdarna minskar underskottet."),
            ("p", "**Måltidsservice** väntas också gå med ett underskott, eftersom livsmedlen blir dyrare än "
                  "beräknat. Priserna till förskolor, skolor och äldreboenden ändras inte under året."),
            ("p", "**Kultur och bibliotek** och **kulturskolan** väntas hålla budgeten."),
        ]),
        "atgarder_budget_i_balans": ("Åtgärder för budget i balans", [
            ("h", "Pågående åtgärder"),
            ("li", "**Måltidsservice** – menyerna planeras om med fler säsongsanpassade råvaror."),
            ("li", "**Simhallen** – fler simskolegrupper och bokningsbara bassängtider under hösten."),
        ]),
        "investeringar": ("Kommentarer till investeringsredovisningen", [
            ("p", "**Konstgräsplanen** blir något dyrare än budgeterat, eftersom underlaget behövde förstärkas. "
                  "Övriga investeringar följer budget."),
        ]),
        "forvantad_utveckling": ("Förväntad utveckling", [
            ("p", "Efterfrågan på fritidsverksamhet för unga ökar, särskilt i kransorterna. Nämnden planerar "
                  "för fler mötesplatser tillsammans med föreningslivet."),
            ("p", "Livsmedelspriserna väntas ligga kvar på en hög nivå, och måltidsservice behöver fortsätta "
                  "arbetet med att minska svinnet."),
        ]),
    },
    claims=(
        Claim("UPN", "DR", "Totalt", "underskott"),
        Claim("UPN", "DR", "Fritid och idrott", "underskott"),
        Claim("UPN", "DR", "Måltidsservice", "underskott"),
        Claim("UPN", "DR", "Kultur och bibliotek", "balans"),
        Claim("UPN", "DR", "Kulturskola", "balans"),
        Claim("UPN", "RR", "Taxor och avgifter", "underskott"),
        Claim("UPN", "RR", "Övriga driftskostnader", "underskott"),
        Claim("UPN", "RR", "Personalkostnader", "överskott"),
        Claim("UPN", "RR", "Övriga intäkter", "balans"),
        Claim("UPN", "INV", "95001", "underskott"),
        Claim("UPN", "INV", "95002", "balans"),
        Claim("UPN", "INV", "95003", "balans"),
        Claim("UPN", "INV", "95004", "balans"),
    ),
    staff_claims=(StaffClaim("UPF", "sjukfrånvaro", "minskat"), StaffClaim("UPF", "personalomsättning", "minskat"),
                  StaffClaim("UPF", "HME", "ökat"), StaffClaim("UPF", "Chefsfrågor", "ökat")),
)

# ============================================================================================
# Miljö- och byggnadsnämnden (MBN), miljö- och byggförvaltningen (MBF)
# ============================================================================================
MBN = Followup(
    goals=(
        ("4", DEMOKRATI, "Mål 1: Det finns flera ändamålsenliga sätt att komma i kontakt med kommunen och man får "
                         "snabba svar på sina frågor", text(
            "Alla ansökningar om bygglov kan nu göras digitalt, och den sökande kan följa sitt ärende i "
            "e-tjänsten. Bygglovsenheten har telefontid varje vardag, och de flesta frågor besvaras samma dag."),
         ON, ON),
        ("4", MILJO, "Mål 14: Det är enkelt och förutsägbart att bygga och bo i Enköping", text(
            "Handläggningstiderna för bygglov har blivit kortare, och de flesta beslut fattas inom lagens "
            "tidsgränser. Antalet ansökningar har minskat jämfört med förra året, särskilt för nya småhus.",
            "Förvaltningen har tagit fram tydligare information om vad en komplett ansökan ska innehålla, så "
            "att färre ärenden behöver kompletteras."), PARTLY, PARTLY),
        ("4", MILJO, "Mål 15: I kommunen tar vi ansvar för vår natur och bidrar till hållbara miljöer", text(
            "Tillsynen av enskilda avlopp har fortsatt i de områden som ligger närmast Mälaren, och många "
            "fastighetsägare har åtgärdat bristande anläggningar.",
            "Inventeringen av förorenade områden går enligt plan."), ON, ON),
        ("4", MILJO, "Mål 17: Vi tar tillvara på landsbygden och Mälarens resurser och möjligheter", text(
            "Förvaltningen ger förhandsbesked och rådgivning till dem som vill bygga på landsbygden. Prövningen "
            "av strandskyddet tar dock fortfarande lång tid i vissa ärenden."), PARTLY, PARTLY),
        ("4", NARINGSLIV, "Mål 19: Enköping är en attraktiv kommun för företag och organisationer", text(
            "Företagen ger förvaltningens service goda omdömen i den årliga servicemätningen, särskilt inom "
            "livsmedelskontrollen.",
            "Förvaltningen deltar i de gemensamma mötena för företag med komplexa ärenden, där alla berörda "
            "verksamheter träffar företagaren samtidigt."), ON, ON),
        *staff_goals(
            "miljö- och byggförvaltningen",
            text("Engagemanget har ökat sedan förra året. Medarbetarna ger högst betyg åt möjligheten att lära "
                 "nytt och utvecklas i arbetet."),
            text("Chefsfrågorna får ett bättre resultat än förra året, efter att förvaltningen har fått en ny "
                 "ledningsgrupp med tydligare ansvarsfördelning."),
            text("Sjukfrånvaron har minskat jämfört med samma period förra året och är en av de lägsta i "
                 "kommunen."),
            text("Personalomsättningen har ökat jämfört med samma period förra året. Flera handläggare har gått "
                 "till andra kommuner och till privata arbetsgivare, och förvaltningen ser över sina villkor för "
                 "att behålla erfarna medarbetare."),
            (ON, ON, ON, PARTLY)),
    ),
    priorities=(
        ("4.1", "Kortare handläggningstider", text(
            "Bygglov",
            "En ny rutin för att kontrollera att ansökningar är kompletta har införts, och fler ärenden avgörs "
            "nu inom tidsgränsen."), PARTLY_DONE),
        ("4.1", "Tillsyn av enskilda avlopp", text(
            "Miljö och hälsoskydd",
            "Tillsynen i årets område är genomförd."), DONE),
        ("4.1", "Digitalt bygglovsarkiv", text(
            "Förvaltningsgemensamt",
            "Inskanningen av det äldre arkivet har börjat och fortsätter under hösten."), PARTLY_DONE),
        ("5.5", "Kompetens och karriärvägar", text(
            "Förvaltningsledning",
            "En modell för karriärvägar för inspektörer och handläggare tas fram under hösten."), NOT_STARTED),
    ),
    assignments=(
        (KF, "Samordna och utveckla samhällsbyggnadsprocessen", text(
            "Förvaltningen deltar i styrgruppen och har bidragit till den gemensamma projektmodellen för "
            "exploatering.")),
        (KF, "Öka tempot i digital verksamhetsutveckling", text(
            "Alla bygglovsansökningar tas nu emot digitalt, och arbetet med det digitala arkivet pågår.")),
    ),
    controls=(
        ("Myndighetsbeslut fattas inte inom lagstadgad tid", text(
            "Om ett bygglov inte avgörs i tid ska avgiften sättas ned, och den sökande kan drabbas av "
            "förseningar."), [
            ("Handläggningstid bygglov", MINOR_DEV, text(
                "Några ärenden avgjordes efter tidsgränsen under våren, när flera handläggare slutade. "
                "Avgiften sattes ned enligt lagen.")),
            ("Tidsfrister i miljöärenden", NO_DEV, text(
                "Alla kontrollerade ärenden avgjordes inom tidsfristen.")),
        ]),
        ("Jäv och otillbörlig påverkan i myndighetsutövningen", text(
            "Handläggare som prövar ärenden där de har en egen koppling kan undergräva förtroendet för "
            "myndighetsutövningen."), [
            ("Jävsdeklarationer", NO_DEV, text(
                "Alla handläggare har lämnat en uppdaterad jävsdeklaration.")),
        ]),
        ("Tillsynsavgifter debiteras inte", text(
            "Om verksamheter inte registreras och debiteras korrekt blir finansieringen av tillsynen "
            "felaktig."), [
            ("Avstämning av verksamhetsregister mot debitering", MINOR_DEV, text(
                "Några verksamheter som startat under året hade inte debiterats. Fakturorna har skickats.")),
        ]),
    ),
    sections={
        "sammanfattning": ("Sammanfattning", [
            ("p", "Miljö- och byggnadsnämnden har under perioden kortat handläggningstiderna för bygglov och "
                  "fortsatt tillsynen av enskilda avlopp. Färre ansökningar om bygglov har gett lägre intäkter "
                  "än beräknat."),
        ]),
        "medarbetare": ("Sammanfattning, medarbetare", [
            ("p", "Sjukfrånvaron inom miljö- och byggförvaltningen har minskat jämfört med samma period förra "
                  "året, medan personalomsättningen har ökat. Engagemanget har ökat sedan förra året."),
        ]),
        "uppdrag_och_ansvar": ("Uppdrag och ansvar", [
            ("p", "Miljö- och byggnadsnämnden är kommunens myndighet för frågor om bygglov, miljö- och "
                  "hälsoskydd och livsmedelskontroll. Nämnden prövar ansökningar och utövar tillsyn enligt bland "
                  "annat plan- och bygglagen, miljöbalken och livsmedelslagen."),
            ("p", "Nämndens ansvar omfattar"),
            ("li", "bygglov, anmälan och byggnadsinspektion"),
            ("li", "kart- och mätverksamhet"),
            ("li", "miljö- och hälsoskydd"),
            ("li", "livsmedelskontroll."),
            ("p", "Arbetet utförs av miljö- och byggförvaltningen."),
        ]),
        "vasentliga_handelser": ("Väsentliga händelser", [
            ("p", "Antalet **ansökningar om bygglov** har minskat jämfört med förra året, främst för nya småhus, "
                  "i takt med att räntorna har stigit."),
            ("p", "Alla bygglovsansökningar tas nu emot digitalt, och arbetet med ett **digitalt arkiv** har "
                  "börjat."),
        ]),
        "ekonomisk_analys": ("Ekonomisk analys", [
            ("p", "**Bygglov, kart och mät** väntas gå med ett underskott, eftersom färre ansökningar ger lägre "
                  "avgiftsintäkter än budgeterat. Vakanser minskar personalkostnaderna och därmed underskottet."),
            ("p", "**Miljö- och hälsoskydd** väntas ge ett litet överskott på personalkostnaderna."),
        ]),
        "atgarder_budget_i_balans": ("Åtgärder för budget i balans", [
            ("h", "Pågående åtgärder"),
            ("li", "**Vakanser** – vakanta tjänster inom bygglov tillsätts först när ärendemängden ökar igen."),
            ("li", "**Taxa** – taxan för bygglov ses över inför nästa år."),
        ]),
        "investeringar": ("Kommentarer till investeringsredovisningen", [
            ("p", "Investeringarna i det **digitala bygglovsarkivet** och i nya mätinstrument följer budget."),
        ]),
        "forvantad_utveckling": ("Förväntad utveckling", [
            ("p", "Antalet ansökningar om bygglov väntas vara fortsatt lågt under hösten. Samtidigt väntas nya "
                  "krav inom miljötillsynen, och förvaltningen planerar för dem."),
        ]),
    },
    claims=(
        Claim("MBN", "DR", "Totalt", "underskott"),
        Claim("MBN", "DR", "Bygglov, kart och mät", "underskott"),
        Claim("MBN", "DR", "Miljö- och hälsoskydd", "överskott"),
        Claim("MBN", "RR", "Taxor och avgifter", "underskott"),
        Claim("MBN", "RR", "Personalkostnader", "överskott"),
        Claim("MBN", "INV", "96001", "balans"),
        Claim("MBN", "INV", "96002", "balans"),
    ),
    staff_claims=(StaffClaim("MBF", "sjukfrånvaro", "minskat"), StaffClaim("MBF", "sjukfrånvaro", "bland de lägsta"),
                  StaffClaim("MBF", "personalomsättning", "ökat"),
                  StaffClaim("MBF", "HME", "ökat"), StaffClaim("MBF", "Chefsfrågor", "ökat")),
)

NAMNDER = {"BUN": BUN, "SN": SN, "TN": TN, "UPN": UPN, "MBN": MBN}
