#!/usr/bin/env python3
"""Generate the shipped follow-up sample: every nämnd's Word texts and the follow-up exports.

Writes, under the input folder (default input_xlsx/):

- ``texter/<KOD>/<avsnitt>.docx``: one Word file per report section for every nämnd with its own
  report, as the förvaltning writes them (paragraphs, a real sub-heading style, a bulleted list,
  bold and italics);
- ``malbedomning.xlsx``: sheets ``Mål``, ``Satsningar`` and ``Uppdrag``, as a follow-up system
  (e.g. Stratsys) exports them for the whole kommun, one row per item with its status;
- ``internkontroll.xlsx``: sheet ``Internkontroll``, one row per control, the risk repeated.
Every sheet's first column, ``Nämnd``, holds the code of the nämnd the row belongs to.

Kommunstyrelsen's rows (this script) reproduce the reference report (delårsrapport KS 2023-08,
sections 4, 4.1, 5, 5.5, 6 and 10): the same goals, items, statuses and counts (7 goals on track, 4
partly; 10 controls in 6 risk areas, 8 done: 4 without and 4 with a minor deviation). The other
nämnder's rows and texts are declared in tools/sample_texter.py. All prose is written for this
sample; none of it is copied from the reference.

Byte-identical on re-run: fixed document properties and timestamps, and the .docx zips re-packed
with `pipeline.render.word.reproducible_docx`. After writing, the files are read back with plain
pandas and python-docx and checked: columns, each nämnd's rows and texts, KS's counts, the statuses
against rapport.toml's labels, and (when indikatorer.xlsx is there) each nämnd's staff goals
against its indicators (exit status 1 on a mismatch).

Usage: ``python tools/make_followup_sample.py [--out DIR]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tomllib
from io import BytesIO
from pathlib import Path

import docx
import fastexcel
import xlsxwriter
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, without installing the package

from make_sample import FORVALTNINGAR, NAMND, report_self_check  # noqa: E402  (tools/ is on sys.path)
from pipeline.render.reproducible import reproducible_docx  # noqa: E402
from sample_texter import NAMNDER as OTHER_NAMNDER  # noqa: E402

CREATED = dt.datetime(2023, 9, 1, 7, 30, 0)        # fixed document time -> byte-identical files
DEFAULT_OUT = ROOT / "input_xlsx"
AUTHOR = "Kommunledningsförvaltningen (exempeltext)"

ON, PARTLY = "På rätt väg", "Delvis på rätt väg"
PARTLY_DONE = "Delvis utförd"
NO_DEV = "Kontroll genomförd utan avvikelse"
MINOR_DEV = "Kontroll genomförd med mindre avvikelse"
NOT_DONE = "Kontroll ej genomförd"
KF = "Uppdrag från Kommunfullmäktige"


def text(*paragraphs: str) -> str:
    """Paragraphs of a cell, separated by a blank line as the export does."""
    return "\n\n".join(paragraphs)


# --------------------------------------------------------------------------------------------
# malbedomning.xlsx, sheet Mål: (Avsnitt, Kommunens uppgift, Mål, Analys, Status, Status föregående)
# --------------------------------------------------------------------------------------------
DEMOKRATI, LARANDE = "Delaktighet och demokrati", "Livslångt lärande"
GEMENSKAP, MILJO = "Gemenskap och upplevelser", "Hållbar livsmiljö"
NARINGSLIV = "Näringsliv och arbetsmarknad"

GOALS = [
    ("4", DEMOKRATI, "Mål 1: Det finns flera ändamålsenliga sätt att komma i kontakt med kommunen och man får "
                     "snabba svar på sina frågor", text(
        "Invånare och företag kan i dag nå kommunen på många sätt: per telefon, via e-post, genom formulär på "
        "webbplatsen eller genom att besöka kontaktcenter. Kontaktcenter löser en stor del av ärendena redan vid "
        "första kontakten och får goda omdömen av dem som hör av sig.",
        "Webbplatsen har under året fått en tydligare inriktning mot service. Fler e-tjänster har tillkommit och "
        "chattroboten Kommun-Kim svarar på vanliga frågor dygnet runt.",
        "Företag som vill veta mer om kommunens upphandlingar kan numera boka ett eget möte med en strategisk "
        "inköpare direkt via webbplatsen. En e-tjänst som låter lokala företag visa intresse för att delta i "
        "direktupphandlingar och berätta vad de erbjuder håller på att tas fram."), ON),
    ("4", DEMOKRATI, "Mål 2: Enköpingsborna känner förtroende för hur kommunen styrs och känner att de kan vara "
                     "delaktiga i kommunens utveckling", text(
        "Medborgarundersökningen 2022 visade att förtroendet för politiken är lågt och att många invånare "
        "upplever små möjligheter att påverka och vara delaktiga i kommunens utveckling, även om resultatet var "
        "något bättre än 2021. En ny undersökning görs under hösten 2023.",
        "För att bygga förtroende gör vi webbplatsen mer tillgänglig och lättare att använda. Arbetet med "
        "kommunens identitet och varumärke pågår både inom förvaltningen och tillsammans med de andra "
        "förvaltningarna, och under våren publicerades nya filmer på temat \"Sveriges närmaste ...\".",
        "Ett verktyg för spendanalys har köpts in och håller på att införas. Det gör det lättare att upptäcka "
        "köp utanför avtal och därmed att öka avtalstroheten, som betyder mycket för förtroendet. Just nu rättas "
        "och kompletteras grunddata så att analyserna blir tillförlitliga.",
        "Förvaltningen har också skrivit en handbok och en riktlinje för dialog med medborgarna, och riktlinjen "
        "ligger nu på remiss hos nämnderna inför beslut."), PARTLY),
    ("4", LARANDE, "Mål 3: De som bor på landsbygden känner att deras del av kommunen också utvecklas", text(
        "Ett förslag till program för landsbygdsutveckling har arbetats fram tillsammans med företag, föreningar "
        "och andra delar av civilsamhället, och förslaget är nu ute på remiss.",
        "I arbetet med den nya översiktsplanen har kommunen fört dialog med invånarna, såväl i Enköpings tätort "
        "som i kransorterna och på landsbygden."), PARTLY),
    ("4", LARANDE, "Mål 6: Enköping är en attraktiv skolkommun för både personal, elever och föräldrar", text(
        "Kommunstyrelsen har inte valt någon prioriterad satsning för mål 6 i årsplanen för 2023.",
        "Förvaltningen bidrar ändå till målet genom underlagen inför skolinvesteringar, genom "
        "digitaliseringsprojekt och genom arbetet med att göra kommunen till en attraktiv arbetsgivare. Arbetet "
        "går enligt plan."), ON),
    ("4", GEMENSKAP, "Mål 12: Kommunens offentliga miljöer är inbjudande, trygga och tillgängliga", text(
        "Kommunstyrelsen har inte valt någon prioriterad satsning för mål 12 i årsplanen för 2023.",
        "Kommunstyrelsen samordnar kommunens arbete med trygghet och säkerhet. Under våren har tyngdpunkten legat "
        "på arbetet med social hållbarhet, på säkerhetsfrågorna i planeringen av det nya kommunhuset och på ett "
        "nytt system för att rapportera incidenter."), ON),
    ("4", GEMENSKAP, "Mål 13: Enköpings kommun har ett attraktivt samarbete med föreningsliv och företagare i "
                     "leveransen av service till invånarna", text(
        "Årets prioriterade satsning för målet är att utveckla dialogen och samverkan med civilsamhället.",
        "Näringslivsavdelningen tar emot förfrågningar om etableringar och sätter ihop ett team med rätt "
        "kompetens för varje ärende, i första hand tillsammans med samhällsbyggnadsförvaltningen och miljö- och "
        "byggförvaltningen. Genom konceptet Dukat bord kan en företagare med ett komplext ärende träffa alla "
        "berörda tjänstepersoner och myndigheter vid ett och samma möte. Avdelningen besöker också regelbundet "
        "företag för att höra vilka behov de har.",
        "Inköpsavdelningen har hållit en anbudsskola för leverantörer och medverkat vid en träff för "
        "byggföretag, för att göra upphandlingsarbetet mer tillgängligt och bjuda in till dialog. Leverantörer "
        "kan också boka ett eget möte med någon av de strategiska inköparna.",
        "Fler upphandlingar föregås nu av informationsförfrågningar (Request for Information) och dialog med "
        "leverantörer. Vi arbetar också med att förbättra kommunikationen med anbudsgivarna medan upphandlingen "
        "pågår, och med en e-tjänst för lokala företag som vill delta i direktupphandlingar."), ON),
    ("4", MILJO, "Mål 15: I kommunen tar vi ansvar för vår natur och bidrar till hållbara miljöer", text(
        "Hållbarhetsarbetet, i ekologisk, social och ekonomisk mening, är en av kommunstyrelsens prioriterade "
        "satsningar.",
        "Kommunledningsförvaltningen leder arbetet inom Klimatneutrala Enköping och inom Viable Cities. En viktig "
        "del är att ställa om fordonsflottan till fossilfria drivmedel. I september kom två nya strateger på "
        "plats, en för hållbarhet och en för klimat och energi, vilket ger mer kraft åt energi- och "
        "klimatarbetet under hösten.",
        "Kommunen ser över hur det strategiska arbetet med social hållbarhet ska bedrivas. Förstudien som gjordes "
        "tillsammans med Mälardalens universitet 2022 pekar ut vilka insatser som behövs. Under hösten tas ett "
        "beslutsunderlag fram om att inrätta ett utskott för social hållbarhet, bland annat med stöd av vårens "
        "workshoppar med förtroendevalda och tjänstepersoner.",
        "Alla tre hållbarhetsperspektiven ska på sikt beskrivas i tjänsteskrivelserna. Först behöver begreppen "
        "definieras och ett stödmaterial tas fram."), ON),
    ("4", MILJO, "Mål 16: Enköpings kommun ska präglas av trygghet, jämställdhet och tillit", text(
        "Kommunstyrelsen har inte valt någon prioriterad satsning för mål 16 i årsplanen för 2023.",
        "Det brottsförebyggande och trygghetsskapande arbetet utvecklas för att kommunen ska klara de nya krav "
        "som lagstiftningen ställer från halvårsskiftet. En strategisk lägesbild och en inriktning för det "
        "brottsförebyggande arbetet har tagits fram.",
        "Under året läggs stor vikt vid arbetssätt och organisation för att förebygga och upptäcka brott mot "
        "välfärdssystemen."), ON),
    ("4", MILJO, "Mål 17: Vi tar tillvara på landsbygden och Mälarens resurser och möjligheter", text(
        "Förslaget till program för landsbygdsutveckling är på remiss. Det tar upp besöksnäringen och övrigt "
        "näringsliv på landsbygden och vad som krävs för att det ska gå att bo, leva och driva verksamhet där. "
        "Programmet har tagits fram i dialog med företag, föreningar och civilsamhälle."), PARTLY),
    ("4", MILJO, "Mål 18: Kransorternas utveckling och tillväxt är viktig för dess invånare, men även för den "
                 "omkringliggande landsbygden", text(
        "Under 2022 och 2023 har kommunen fört dialog om hur kransorterna och landsbygden ska utvecklas, bland "
        "annat i arbetet med programmet för landsbygdsutveckling och den nya översiktsplanen.",
        "I år har flera aktiviteter genomförts tillsammans med föreningar och civilsamhälle på landsbygden, till "
        "exempel utbildningar, företagsträffar och rådgivning om energiomställning. Under våren erbjöds också en "
        "serie seminarier för företag, föreningar och andra aktörer på landsbygden. Kommunen samarbetar även med "
        "Leader, KLR-kommungruppen, Fjärdhundraland och Södra Trögden."), PARTLY),
    ("4", NARINGSLIV, "Mål 19: Enköping är en attraktiv kommun för företag och organisationer", text(
        "Årets fokus är att anta programmet för näringslivsutveckling och börja genomföra det. Programmet har sex "
        "fokusområden.",
        "Kompetensförsörjning: Kompetensgruppen driver och samordnar insatser för att Enköpings arbetsgivare ska "
        "få den kompetens de behöver, både nu och på längre sikt, till exempel genom att kartlägga "
        "utbildningsbehov, matcha arbetssökande mot jobb och samordna praktikplatser. Näringslivsavdelningen och "
        "arbetsmarknadsenheten arbetar tillsammans med frågorna.",
        "Platsvarumärke: Bilden av Enköping som en bra plats att driva företag på behöver förmedlas tydligare och "
        "mer samordnat. En ny näringslivswebb har lanserats, och nya filmer om platsen Enköping visas sedan maj "
        "på bio, i sociala medier, på infartsskyltar och i samband med evenemang som Trädgårdsdagen.",
        "Kommunal service: Servicen till företagen mäts varje år genom NKI och NUI och i Svenskt Näringslivs "
        "undersökning om företagsklimatet. Programmet ger service och bemötande hög prioritet, vilket kräver "
        "utbildning och information i hela organisationen och samarbete mellan HR-, kommunikations- och "
        "näringslivsavdelningarna.",
        "Dialog och samverkan: Näringslivsavdelningen leder flera grupper där företagare och kommun möts, bland "
        "annat bygggruppen, fastighetsgruppen, kompetensgruppen och näringslivsrådet, och gör regelbundna "
        "företagsbesök, ofta tillsammans med kommunledningen och politiken.",
        "Etableringsarbete: Många företag vill etablera sig i Enköping, främst inom logistik och lager, "
        "transporter, företagstjänster och restaurangbranschen. Avdelningen hanterar förfrågningarna tillsammans "
        "med bland andra samhällsbyggnadsförvaltningen och miljö- och byggförvaltningen.",
        "Samhällsbyggnadsprocess: Ett växande Enköping behöver en samhällsbyggnadsprocess som fungerar väl för "
        "näringslivet. Arbetet med att stärka processen pågår."), ON),
    # Section 5: the staff goals (their indicator tables come from indikatorer.xlsx).
    ("5", "", "Mål 21: Ökat medarbetarengagemang", text(
        "Engagemanget inom förvaltningen har ökat sedan förra året men ligger fortfarande något under kommunen "
        "som helhet.",
        "Den tydligaste förbättringen syns inom delområdet styrning. Samtidigt får påståendet om hur "
        "arbetsplatsens mål följs upp och utvärderas fortsatt lågt betyg, och förvaltningen går igenom "
        "resultatet med arbetsplatserna för att förstå orsakerna.",
        "Inom motivation är resultatet högt. Medarbetarna upplever särskilt att arbetet är meningsfullt och att "
        "de lär sig nya saker och utvecklas."), ON),
    ("5", "", "Mål 22: Ledare/chefer känner att de har rätt förutsättningar att göra ett bra jobb och utvecklas "
              "i sin roll", text(
        "Cheferna inom förvaltningen anser i stort att de har goda förutsättningar att utvecklas och göra ett bra "
        "arbete.",
        "Påståendet om att den egna chefen regelbundet följer upp hur man utför sitt chefsuppdrag får dock ett "
        "svagare resultat än i kommunen i genomsnitt, och det behöver analyseras vidare.",
        "Resultaten har förbättrats för tydligheten i uppdraget och för tillgången till kompetensutveckling, "
        "medan upplevelsen av ledningsgruppens arbete och av stödet i chefsuppdraget har försämrats. Stödet får "
        "låga värden i hela kommunen, och förväntningarna behöver stämmas av mot uppdrag och resurser."), ON),
    ("5", "", "Mål 23: Sjukfrånvaron i Enköping ska minska", text(
        "Sjukfrånvaron inom förvaltningen har ökat något jämfört med samma period förra året. Det är den långa "
        "sjukfrånvaron som ökat, medan den korta har minskat. Ökningen finns främst inom kommunikation och "
        "ekonomi, som har vuxit efter centraliseringen.",
        "Förvaltningens sjukfrånvaro är fortsatt låg jämfört med kommunen som helhet och den lägsta bland "
        "kommunens förvaltningar.",
        "Statistiken gäller kommunledningsförvaltningens personal. Medarbetarna inom plan och exploatering "
        "redovisas under samhällsbyggnadsförvaltningen och tekniska nämnden."), ON),
    ("5", "", "Mål 24: Kommunens (externa) personalomsättning är lägre än åtta procent", text(
        "Den externa personalomsättningen har minskat jämfört med samma period förra året, och färre medarbetare "
        "har slutat. De som lämnat förvaltningen har haft olika roller. Anställningar som avslutades vid "
        "årsskiftet räknas in i perioden.",
        "Statistiken gäller kommunledningsförvaltningens personal. Medarbetarna inom plan och exploatering "
        "redovisas under samhällsbyggnadsförvaltningen och tekniska nämnden."), PARTLY),
]

# --------------------------------------------------------------------------------------------
# malbedomning.xlsx, sheet Satsningar: (Avsnitt, Prioritering, Kommentar, Status)
# --------------------------------------------------------------------------------------------
PRIORITIES = [
    ("4.1", "Bemötande och tillgänglighet", text(
        "Inköp",
        "Inköpsavdelningen har hållit anbudsskola för leverantörer och träffat byggföretag för att sänka "
        "trösklarna till kommunens upphandlingar. I september medverkar avdelningen på Enköpingsmässan, och i "
        "oktober ordnas ett seminarium om hur företag kan sälja till kommunen. Informationsförfrågningar och "
        "leverantörsdialoger inför upphandlingar blir allt vanligare, och avdelningen tipsar om nyheter inom "
        "upphandling i näringslivsavdelningens nyhetsbrev. Hur sociala medier kan användas för att nå företag "
        "och invånare utreds.",
        "Kommunikation",
        "Riktlinjen för medborgardialog är på remiss och väntas beslutas i höst. I oktober börjar "
        "kommunikations-, HR- och näringslivsavdelningarna ett gemensamt utvecklingsarbete om bemötande och "
        "tillgänglighet.",
        "HR och lön",
        "HR har tagit fram ett förenklat samtalsstöd om medarbetarskap för chefer och HR. Samtal om "
        "medarbetarskap är nytt i kommunen och ett sätt att minska avståndet mellan chef och medarbetare."),
     PARTLY_DONE),
    ("4.1", "Öka förtroendet hos enköpingsborna", text(
        "Ekonomi och kvalitet",
        "Politiker och tjänstepersoner har sedan hösten 2022 arbetat tillsammans med att utveckla kommunens "
        "styrmodell. Målet är en tydligare styrning som håller ihop hela koncernen. Kommunfullmäktige väntas "
        "besluta om den reviderade styrmodellen i november.",
        "Inköp",
        "Spendanalysverktyget är infört och gör det möjligt att upptäcka köp som inte följer avtalen. En modell "
        "för att prioritera vilka avtal som ska följas upp, och rutiner för en gemensam avtalsuppföljning, har "
        "tagits fram så att skattepengarna används ansvarsfullt.",
        "Kommunikation",
        "Filmerna om platsen Enköping har visats på bio och i sociala medier och används i kampanjer vid "
        "Trädgårdsdagen och Enköpingsmässan. Kommunens logotyp syns också vid rally-SM och enduro-SM."),
     PARTLY_DONE),
    ("4.1", "Ökat inflytande för invånare på landsbygden", text(
        "Ledningsstöd",
        "Programmet för landsbygdsutveckling är på remiss hos nämnderna.",
        "Kommunikation",
        "Metoder för medborgardialog har utvecklats under året och samlats i en riktlinje och en handbok. "
        "Riktlinjen fastställs när remissvaren från nämnderna har kommit in.",
        "Plan och exploatering",
        "Invånare i tätorten, i kransorterna och på landsbygden har bjudits in till dialog om den nya "
        "översiktsplanen."), PARTLY_DONE),
    ("4.1", "Dialog och samverkan mellan kommunen och civilsamhället", text(
        "Näringsliv",
        "Tillsammans med föreningar och civilsamhälle på landsbygden har kommunen ordnat utbildningar, "
        "företagsträffar och rådgivning om energiomställning, och under våren en seminarieserie. Samarbete sker "
        "med Leader, KLR-kommungruppen, Fjärdhundraland och Södra Trögden.",
        "IT och digitalisering",
        "Tre nya e-tjänster har lanserats hittills i år och fler är på väg. E-tjänsteplattformen uppdateras, och "
        "arbetet väntas vara klart i början av hösten.",
        "Ledningsstöd",
        "Invånare har deltagit i workshoppar om social hållbarhet och i dialog om det nya landsbygdsprogrammet.",
        "Inköp",
        "Anbudsskola och träffar med byggföretag har gjort upphandlingsarbetet mer tillgängligt. Fler "
        "upphandlingar inleds med tidig dialog, och leverantörer kan boka enskilda möten med en strategisk "
        "inköpare."), PARTLY_DONE),
    ("4.1", "Fortsatt hållbarhetsarbete", text(
        "Ledningsstöd",
        "Klimatneutrala Enköping går enligt plan. Mycket av arbetet görs i andra förvaltningar, medan "
        "kommunledningsförvaltningen samordnar.",
        "Innan alla hållbarhetsperspektiv kan redovisas i tjänsteskrivelserna behöver definitioner och "
        "stödmaterial tas fram. Det arbetet ska nu starta."), PARTLY_DONE),
    ("4.1", "Program för landsbygdsutveckling", text(
        "Näringsliv och ledningsstöd",
        "Programmet är på remiss. Det har tagits fram i dialog med företag, föreningar och civilsamhälle."),
     PARTLY_DONE),
    ("4.1", "Program för näringslivsutveckling", text(
        "Näringsliv",
        "Kommunstyrelsen antog näringslivsprogrammet den 20 juni. I augusti började arbetet med att bygga upp en "
        "organisation för genomförandet och ta fram handlingsplaner."), PARTLY_DONE),
    ("5.5", "Stöd för ledarskap och medarbetarskap", text(
        "HR och lön",
        "Stödet till cheferna inom ledarskap förstärks. Cheferna har gått utbildningen i utvecklande ledarskap, "
        "men stödet efteråt har inte räckt för att hålla modellen levande. HR delar därför in cheferna i fler "
        "och mindre nätverk, så att de blir mindre sårbara när någon är borta eller slutar. Nätverken får teman "
        "att arbeta med och stödmaterial för att driva träffarna.",
        "HR tar också fram stöd för ledarbeteenden som många chefer upplever som svåra. I år är temat "
        "förändringsledning, eftersom kommunen behöver förnya sig och arbeta mer med innovation. Temat går igen "
        "både på årets två chefsdagar och i nätverksträffarna.",
        "Medarbetarskapet blir lika viktigt när verksamheterna förändras. Under hösten börjar planeringen av "
        "utvecklande medarbetarskap, och ett förenklat samtalsstöd om medarbetarskap togs fram redan under "
        "första tertialet.",
        "HR ser även över kommunens HR-processer, först introduktionen, för att göra dem mer digitala och lättare "
        "att använda.",
        "KLF ledning",
        "Förvaltningens ledningsgrupp har börjat diskutera hur engagemanget kan öka, hur kommunen kan bli en mer "
        "attraktiv arbetsgivare och hur arbetsmiljön på förvaltningen kan bli bättre."), PARTLY_DONE),
]

# --------------------------------------------------------------------------------------------
# malbedomning.xlsx, sheet Uppdrag: (Typ, Uppdrag, Kommentar)
# --------------------------------------------------------------------------------------------
ASSIGNMENTS = [
    (KF, "Frigör resurser för verksamhetsutveckling", text(
        "Den 19 juni 2023 beslutade kommunfullmäktige om effektiviseringar på sammanlagt 112 miljoner kronor "
        "under 2023–2025. Sex av åtgärderna ska utredas vidare och redovisas för kommunstyrelsen senast i december "
        "2023. Åtgärderna följs upp i de ordinarie uppföljningarna.",
        "Avdelningen HR och lön har under 2022 och 2023 fördelat om arbetet så att fyra tjänster har kunnat "
        "inriktas på strategiska frågor: trygga chefer, stolta medarbetare, ett hållbart arbetsliv och frågor om "
        "avtal och arbetsrätt.")),
    (KF, "Minska kommunens energibehov", text(
        "Inom projektet EnOff har kommunens fastigheter energikartlagts för att visa var investeringar som "
        "solceller och tilläggsisolering gör mest nytta. Elanvändningen i fastigheterna har minskat med 10,3 "
        "procent sedan 2018. Fler solcellsanläggningar har byggts, bland annat på Sandbrohallen, Gläntan, "
        "Fjärdhundraskolan, Rombergaskolan och Korsängsskolan.",
        "Under första halvåret byttes 180 äldre gatubelysningsarmaturer i Fanna ut mot energisnål LED-belysning.",
        "Sedan hösten 2022 pågår ett kommunövergripande projekt om beteenden, där målet är att minska "
        "energianvändningen och undvika effekttoppar i kommunens lokaler. Fastighetsverksamheten har inrättat "
        "en särskild roll för energi- och effektoptimering och inför ett verktyg för tätare uppföljning av "
        "energianvändningen.",
        "Upplevelseförvaltningen har analyserat förbrukningen i flera fastigheter, Måltidsservice minskar "
        "energianvändningen i köken och Vatten och avlopp optimerar sina anläggningar utifrån den "
        "energikartläggning som gjordes 2022. Medarbetarna visar stort engagemang i arbetet.")),
    (KF, "Öka tempot i digital verksamhetsutveckling", text(
        "Förvaltningen tar fram hur portföljstyrningen ska fungera: modell, urvalskriterier, organisation och "
        "arbetsprocess. Verksamheterna "
        "har lämnat in initiativ som har bedömts utifrån om de kan genomföras i år och har tydliga mål, och de "
        "som godkänts har kunnat starta projekt eller förstudier.",
        "En mätning av kommunens digitala mognad har genomförts och analyserats, och en handlingsplan för den "
        "digitala omställningen tas nu fram.",
        "Ett upphandlingsunderlag för klientprogram för säker digital kommunikation (SDK) tas fram, och "
        "möjligheten att införa det tillsammans inom 4M undersöks.")),
    (KF, "Tydliggör \"En kommun – En koncern\"", text(
        "Arbetet med den reviderade styrmodellen, som pågått sedan slutet av 2022, ska bland annat stärka "
        "koncernperspektivet i styrningen.",
        "Ett starkt arbetsgivarvarumärke bidrar också till känslan av en kommun och en koncern. HR arbetar med "
        "det genom satsningen på utvecklande medarbetarskap och genom mer samarbete med bolag och förbund.",
        "HR har erbjudit bolagen och förbundet sina tjänster. Sedan halvårsskiftet ger kommunen HR-stöd till "
        "Enköpings hyresbostäder och räddningsförbundet, medan ENA Energi har valt att inte delta. Samarbetet "
        "gör det lättare att driva den gemensamma personalpolitiska inriktningen i hela koncernen.")),
    (KF, "Samordna och utveckla samhällsbyggnadsprocessen", text(
        "Uppdraget är gemensamt för alla förvaltningar. Samhällsbyggnadsförvaltningen leder arbetet, och "
        "styrgruppen består av förvaltningscheferna för SBF, MBF och UPF samt stabschefen på KLF. En "
        "verksamhetsutvecklare arbetar med frågan på en del av sin tjänst.",
        "Kommunledningsförvaltningen har deltagit i de workshoppar som samhällsbyggnadsförvaltningen har hållit "
        "under året.")),
    (KF, "Bedöm hur nya befolkningsprognoser påverkar investeringsbehovet", text(
        "Befolkningsprognosen från hösten 2022 visar en lägre tillväxttakt än tidigare. Förvaltningarna har "
        "därför gått igenom sina lokalbehovsplaner för att se vilka investeringar som kan skjutas upp. För "
        "2023–2027 har en grundskola som skulle ha tagits i bruk 2025 strukits ur investeringsplanen och flera "
        "förskolor har senarelagts. Den 19 juni 2023 beslutade kommunfullmäktige om den reviderade "
        "investeringsplanen.")),
    (KF, "Brott i välfärden", text(
        "Tillsammans med de övriga 4M-kommunerna, Södertälje och Nykvarn undersöker kommunen hur vi kan samverka "
        "mot brott i välfärden. En översyn av de egna rutinerna och regelverken har inletts.")),
]

# --------------------------------------------------------------------------------------------
# internkontroll.xlsx: risks (name, description) and their controls (kontroll, resultat, kommentar)
# --------------------------------------------------------------------------------------------
CONTROLS = [
    ("Allmänna handlingar hanteras felaktigt", text(
        "Om tryckfrihetsförordningens regler inte följs när allmänna handlingar begärs ut bryter kommunen mot "
        "lagen. Orsaken kan vara bristande ordning i arkiven eller rutiner som är okända eller inte används.",
        "Att handlingar inte lämnas ut, eller lämnas ut på fel sätt, kan också skada förtroendet för kommunen, "
        "dess tjänstepersoner och förtroendevalda."), [
        ("Kontroll av utlämnande av allmän handling", MINOR_DEV, text(
            "Det finns en rutin på intranätet Komin för hur allmänna handlingar lämnas ut, och den fungerar i stort "
            "sett väl. "
            "Medarbetarna vill göra rätt och hanterar särskilt sekretessfrågorna noggrant, och frågor och svar på "
            "Komin är ett bra stöd.",
            "Kunskapen behöver dock öka om när en fråga i själva verket är en begäran att få ta del av en handling, "
            "som då ska hanteras skyndsamt, och om att man får ställa frågor till den som begär ut en handling för "
            "att förstå vad som efterfrågas.")),
    ]),
    ("Bristande arbetsmiljöarbete", text(
        "Brister arbetsgivaren i sitt arbetsmiljöansvar kan Arbetsmiljöverket besluta om förelägganden eller "
        "förbud, med eller utan vite, och i förlängningen kan det leda till straffansvar.",
        "Saknas fungerande rutiner för det systematiska arbetsmiljöarbetet kan medarbetarna må sämre och "
        "arbetsplatsen bli mindre attraktiv, med högre personalomsättning som följd.",
        "Arbetsmiljöarbetet riskerar också att uppfattas som något vid sidan av det ordinarie arbetet. Därför ska "
        "det finnas APT-material som stöd, information ska ges och arbetet ska följas upp varje år så att chefer "
        "och medarbetare vet att det har blivit gjort."), [
        ("Årlig uppföljning genomförs", NOT_DONE, text(
            "Den årliga uppföljningen görs under hösten, när arbetsmiljösystemet KIA har införts. KIA är ett "
            "kostnadsfritt system från AFA Försäkring som underlättar arbetsmiljöarbetet i kommuner och regioner.")),
        ("APT-material finns framtaget", NO_DEV, text(
            "HR-enheten har tagit fram ett underlag för arbetsplatsträffar som ger cheferna stöd i "
            "arbetsmiljöansvaret. Mallarna följer årshjulet för det systematiska arbetsmiljöarbetet och tar upp "
            "de punkter som arbetsmiljölagen kräver.")),
    ]),
    ("Bristande avtalstrohet", text(
        "När inköpsprocessen fungerar görs alla inköp inom kommunens upphandlade avtal och enligt gällande lagar "
        "och regler. Inköp hos avtalade leverantörer ger goda affärer och mesta möjliga nytta för skattepengarna.",
        "Köp utanför avtal kan bli onödigt dyra eller ge sämre kvalitet. Eftersom kommunens inköp omfattas av "
        "lagen om offentlig upphandling kan sådana köp också vara olagliga och leda till skadeståndskrav från de "
        "leverantörer som har avtal."), [
        ("Inköp enligt avtal", MINOR_DEV, text(
            "Inköpscontrollern gör stickprov bland nyupplagda leverantörer och kontrollerar om köpen gjorts hos en "
            "avtalad leverantör. När ett köp gjorts utanför avtal undersöks om varan eller tjänsten finns på ett "
            "befintligt avtal, och i så fall får verksamheten veta vilket avtal som gäller. Stickproven visar "
            "också om de interna riktlinjerna följs.",
            "Spendanalysverktyget är upphandlat och håller på att införas. När grunddata har rättats ger "
            "verktygets visualiseringar en bättre överblick över avvikelserna.")),
        ("Direktupphandling", MINOR_DEV, text(
            "Vid avläsningen den 18 augusti 2023 fanns inga avvikelser att rapportera för KLF när det gäller "
            "större inköp över 600 000 kronor. Den övergripande genomgången av data i spendanalysverktyget tyder "
            "dock på att det finns direktupphandlingar över 700 000 kronor och köp hos leverantörer som saknar "
            "avtal.")),
    ]),
    ("Kommunens regler för inköp och upphandling efterlevs inte", text(
        "Reglerna för inköp och upphandling ska göra kommunens inköp rättssäkra, ge rätt pris och kvalitet och se "
        "till att krav på ekonomisk, social och ekologisk hållbarhet ställs. De ska också få kommunen att "
        "framstå som en pålitlig, affärsmässig och attraktiv motpart och förebygga mutor, jäv och korruption.",
        "Följer verksamheterna inte reglerna ökar risken att upphandlingslagarna bryts. Upphandlingar kan också "
        "bli försenade så att avtal saknas, vilket kan ge ekonomisk och juridisk skada och negativ publicitet."), [
        ("E-handelsstyrning", MINOR_DEV, text(
            "Tio nya leverantörer har anslutits till e-handeln i Proceedo i år, och de befintliga anslutningarna "
            "förbättras löpande. Tillsammans med en leverantör testas nu elektroniska order och ordersvar som syns "
            "direkt på beställningen. Med en annan leverantör och Adda förs dialog om fakturor som i dag måste "
            "hanteras manuellt.",
            "Antalet beställningar i e-handeln har nästan fördubblats jämfört med samma period förra året, "
            "eftersom alla förvaltningar nu beställer i Proceedo, fler avtal finns tillgängliga och färre "
            "beställningar hos anslutna leverantörer görs vid sidan av systemet.")),
        ("Arbetssätt och kunskap inom upphandling", NO_DEV, text(
            "Chefer och direktupphandlare har utbildats i upphandling, och utbildningar i avtalskatalogen och "
            "e-handelssystemet hålls löpande. Nya attestanter har fått ett digitalt utbildningsmaterial om "
            "e-handel, och ett motsvarande material för beställare tas fram.",
            "När förvaltningarna rapporterar avvikelser till inköpscontrollern och grunddata rättas i "
            "spendanalysverktyget ökar också kunskapen om vilka köp som är rätt och vilka som är otillåtna "
            "direktupphandlingar.",
            "Den sista augusti var avtalstroheten 89 procent, vilket visar att verksamheterna i regel vet vilka "
            "avtal de ska använda.")),
        ("Styrdokument för inköp och upphandling", NO_DEV,
         "Styrdokumenten för inköp och upphandling finns på plats och är uppdaterade."),
    ]),
    ("Leverantörsfakturor betalas inte inom 30 dagar", text(
        "Betalar kommunen inte sina fakturor inom 30 dagar kan leverantören kräva dröjsmålsränta enligt "
        "räntelagen, och påminnelser ger extra administration.",
        "Sena betalningar kostar alltså både pengar och arbetstid, och de kan dessutom skada förtroendet för "
        "kommunen."), [
        ("Antal fakturor betalade efter 30 dagar", NOT_DONE,
         "Kontrollen har inte gjorts eftersom resurserna har behövts till andra uppgifter."),
    ]),
    ("Användare med för hög behörighet", text(
        "Har en användare högre behörighet än uppdraget kräver kan osäkra program installeras och inställningar "
        "eller system ändras utan tillstånd."), [
        ("Användarnas behörighetsnivå är ändamålsenlig utifrån ansvar och befogenheter", NO_DEV,
         "Den återkommande kontrollen är gjord och visade inga avvikelser."),
    ]),
]

# --------------------------------------------------------------------------------------------
# texter/*.docx. Blocks: ("p", text) paragraph, ("h", text) sub-heading (Heading 3), ("li", text)
# bulleted item. **bold** and *italics* inline.
# --------------------------------------------------------------------------------------------
SECTION_TEXTS = {
    "sammanfattning": ("Sammanfattning", [
        ("p", "Perioden har präglats av *förändring*. Ekonomi och kommunikation har samlats centralt, flytten "
              "till det nya kommunhuset förbereds och arbetet med en reviderad styrmodell går in i ett avgörande "
              "skede. Förvaltningen bedömer att förändringarna ger bättre förutsättningar att nå målen under de "
              "kommande åren."),
    ]),
    "medarbetare": ("Sammanfattning, medarbetare", [
        ("p", "Medarbetarmålen följs upp genom sjukfrånvaro, personalomsättning och medarbetarundersökningen. "
              "Sjukfrånvaron inom kommunledningsförvaltningen ligger kvar på en låg nivå jämfört med kommunen i "
              "stort, och personalomsättningen är fortsatt låg. I årets medarbetarundersökning har både "
              "engagemanget och chefernas upplevda förutsättningar förbättrats något."),
    ]),
    "uppdrag_och_ansvar": ("Uppdrag och ansvar", [
        ("p", "Kommunstyrelsen är kommunens ledande politiska organ under fullmäktige. Styrelsen håller ihop "
              "planeringen av kommunens verksamheter och ekonomi, följer hur arbetet går och återrapporterar till "
              "kommunfullmäktige. Den ser också till att nämnderna arbetar samordnat."),
        ("p", "Genom **uppsiktsplikten** ska kommunstyrelsen hålla sig informerad om hur övriga nämnder sköter "
              "sina uppdrag. Det gäller även de gemensamma nämnderna och de kommunala bolagen."),
        ("p", "Inför fullmäktiges sammanträden bereder kommunstyrelsen ärendena, och när besluten väl är fattade "
              "ansvarar styrelsen för att de verkställs. Styrelsen driver även den långsiktiga planeringen och "
              "analysen inom områden som är strategiskt viktiga för kommunen, till exempel social, ekologisk och "
              "ekonomisk hållbarhet."),
        ("p", "Utöver detta har kommunstyrelsen ett särskilt ansvar för"),
        ("li", "ekonomi och kvalitet"),
        ("li", "HR och lön"),
        ("li", "inköp"),
        ("li", "IT och digitalisering"),
        ("li", "kommunikation"),
        ("li", "ledningsstöd"),
        ("li", "näringsliv"),
        ("li", "trygghet och säkerhet"),
        ("li", "plan-, mark- och exploateringsfrågor."),
        ("p", "Arbetet utförs av kommunledningsförvaltningen. Plan- och exploateringsfrågorna sköts av "
              "planavdelningen och mark- och exploateringsavdelningen på samhällsbyggnadsförvaltningen."),
    ]),
    "vasentliga_handelser": ("Väsentliga händelser", [
        ("p", "Bygget av **det nya kommunhuset** går framåt. Förvaltningen har regelbundna avstämningar med "
              "byggaktören och med den blivande fastighetsförvaltaren. Samtidigt förbereder förvaltningarna "
              "tillsammans flytten: nya sätt att arbeta i gemensamma lokaler, en mer digital vardag och stöd till "
              "chefer som leder förändringen. Planeringen av gemensamma servicefunktioner i huset har också "
              "börjat."),
        ("p", "Under året har **ekonomi- och kommunikationsfunktionerna** samlats centralt i "
              "kommunledningsförvaltningen, som en av de effektiviseringsåtgärder som beslutades för 2023. Med en "
              "samlad organisation blir kommunen mindre sårbar vid frånvaro och vakanser, och förutsättningarna "
              "förbättras för att styra ekonomin, analysera utvecklingen och kommunicera samordnat, både internt "
              "och externt."),
        ("p", "Kommunens personalpolitiska inriktning – trygga chefer, stolta medarbetare och hållbart arbetsliv "
              "– ligger fast. För att "
              "politik och förvaltning ska ha en gemensam bild av ledarskapet har även förtroendevalda börjat gå "
              "utbildningen i utvecklande ledarskap."),
        ("p", "Inom **4M-samarbetet** arbetar Enköping tillsammans med Eskilstuna, Strängnäs och Västerås efter "
              "en gemensam utvecklingsplan. För 2023–2027 har kommunerna enats om fyra fokusområden: den Mälarnära "
              "destinationen, närhet, livskvalitet samt kunskap och arbete. Konkret samarbetar kommunerna "
              "bland annat om infrastruktur, digitalisering, kompetensförsörjning och trygghet; i trygghetsarbetet "
              "deltar även Nykvarn och Södertälje. Tillsammans med Mälardalens universitet följs dessutom arbetet "
              "med sjukskrivningar och *frisknärvaro* genom följeforskning."),
        ("p", "Kommunen har mätt sin **digitala mognad**, det vill säga hur väl organisationen kan dra nytta av "
              "digitaliseringens möjligheter. Mätningen belyser två sidor: det *digitala arvet*, alltså de system "
              "och strukturer som redan finns, och den *digitala förmågan*. För att öka takten har kommunen börjat "
              "arbeta med en gemensam digital portfölj, där kraften läggs på ett fåtal större insatser som gör "
              "verklig nytta för invånare, företag och verksamheter."),
        ("p", "Näringslivsarbetet har inriktats på bättre service till företagen, med målet att förbättra "
              "resultaten i NKI, NUI och mätningarna av företagsklimatet. Kommunens placering i NKI har "
              "förbättrats, vilket tyder på att det gemensamma arbetet över förvaltningsgränserna ger effekt. Ett "
              "nytt näringslivsprogram har tagits fram, och samhällsbyggnadsprocessen ses över med hjälp av "
              "externa granskningar."),
        ("p", "Arbetet med trygghet och säkerhet har under perioden haft fokus på informationssäkerhet och "
              "dataskydd, och kommundirektörens ledningsgrupp har gjort ledningens genomgång. En strategisk "
              "lägesbild för tryggheten har tagits fram. För krisberedskapen och det civila försvaret har kommunen "
              "beslutat om en risk- och sårbarhetsanalys med en tillhörande plan, och kommunen har övat tillsammans "
              "med Ledningsregementet."),
    ]),
    "ekonomisk_analys": ("Ekonomisk analys", [
        ("p", "**Kommunstyrelse politisk verksamhet** väntas gå med ett litet underskott. Styrelsen har haft fler "
              "sammanträden än planerat, och en del arvoden för 2022 har bokförts och betalats först i år."),
        ("p", "**Kommunledningsförvaltningen** beräknas få ett överskott, framför allt på personalkostnaderna "
              "eftersom flera tjänster har varit vakanta under delar av året. Samtidigt har förvaltningen köpt in "
              "konsulttjänster för att klara uppdragen medan tjänsterna varit obesatta, vilket minskar "
              "överskottet. Rekryteringsläget har blivit bättre under våren, men inom *IT* är det fortfarande "
              "svårt att hitta medarbetare."),
        ("p", "Medlen för verksamhetsutveckling med hjälp av digitalisering har hittills använts i liten "
              "utsträckning, och förvaltningen räknar med att omkring 2,5 mnkr inte kommer att användas i år. "
              "Portföljstyrningen av de kommunövergripande satsningarna väntas få fler större initiativ att komma "
              "igång framöver, så att medlen kommer till användning."),
        ("p", "Till överskottet bidrar också intäkter från sålda bilar och lägre avskrivningar. Avskrivningarna "
              "blir lägre eftersom leveranserna av IT-utrustning har dröjt och investeringarna därför skjutits "
              "fram."),
    ]),
    "atgarder_budget_i_balans": ("Åtgärder för budget i balans", [
        ("h", "Status utredningar"),
        ("li", "**Upphandling** – utredningen om en större roll för inköpsavdelningen i kommunens "
               "direktupphandlingar pågår och ska vara klar den 31 oktober."),
        ("li", "**Taxor och avgifter** – taxan som tas ut för kopior av allmänna handlingar revideras inför 2024. "
               "Taxan ger små intäkter, så effekten blir begränsad."),
        ("h", "Status effektiviseringsåtgärder"),
        ("li", "**Erhålla tjänster från kommunen** – avtalen mellan kommunen och de kommunala bolagen och "
               "kommunalförbunden ses över. Arbetet hinner inte ge någon besparing i år; en effekt kan komma "
               "tidigast 2024."),
        ("li", "**Centralisering** – ekonomi- och kommunikationsfunktionerna centraliserades den 31 augusti. "
               "Samtidigt genomfördes tillskottet för arbetet med statsbidrag, en halv tjänst inom ekonomi. "
               "Tillskottet för systemstöd inom ekonomi och verksamhetsstyrning hinner inte användas i år."),
        ("li", "**Konsulter och leasing** – bortsett från konsulter som tagits in för att täcka vakanser väntas "
               "besparingen nås fullt ut."),
    ]),
    "investeringar": ("Kommentarer till investeringsredovisningen", [
        ("p", "Avvikelsen finns inom **reinvesteringar i IT**. Bristen på elektronikkomponenter gör att "
              "leveranserna av datorer och nätverksutrustning dröjer, och en del av årets inköp flyttas därför "
              "till nästa år. Övriga investeringsgrupper beräknas följa budget."),
    ]),
    "forvantad_utveckling": ("Förväntad utveckling", [
        ("p", "Under hösten börjar arbetet med att införa den reviderade styrmodell som politiken har tagit fram. "
              "Modellen ska byggas upp i *Stratsys*, stödjande dokument ska tas fram och alla förvaltningar och "
              "bolag behöver utbildas."),
        ("p", "Kommunens ledningsgrupp har diskuterat **portföljstyrning** som ett sätt att samordna "
              "utvecklingsinsatserna bättre, till exempel inom digitalisering. Med en portfölj får ledningen "
              "bättre överblick och insyn, kan styra utvecklingsarbetet aktivt och undvika att insatser som "
              "överlappar varandra startas. Kommunens gemensamma projektmodell, Em3, gör det lättare att komma "
              "igång. Kommunledningsförvaltningen får en central roll i att införa, styra och följa upp "
              "portföljen."),
        ("p", "Inom HR prioriteras hur kommunen tar emot, introducerar och avslutar sina medarbetare. Den som "
              "söker jobb ska mötas professionellt under hela rekryteringen, nya medarbetare ska få en bra "
              "introduktion och den som slutar ska få ett bra avslut, eftersom alla de mötena påverkar bilden av "
              "kommunen som arbetsgivare."),
        ("p", "Enligt den kommunövergripande upphandlingsplanen för 2023 väntar många upphandlingar, både i år "
              "och de närmaste åren. Antalet ökar också till följd av arbetet för ökad avtalstrohet som "
              "kommunledningsförvaltningen leder. Analyserna av kommunens inköp ger underlag för att i förväg "
              "förbättra och styra kommande inköp."),
    ]),
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def write_workbook(path: Path, sheets: list[tuple[str, list[str], list[list], list[int]]]) -> None:
    """Sheets of (name, headings, rows, column widths); every cell is text; deterministic bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": path.stem, "author": "tools/make_followup_sample.py (exempeldata)",
                             "company": "Exempelkommun", "created": CREATED})
    bold = workbook.add_format({"bold": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for name, headings, rows, widths in sheets:
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, headings, bold)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value:
                    sheet.write_string(r, c, value, wrap)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
    workbook.close()


def goal_rows() -> list[list[str]]:
    """Mål rows of every nämnd: kommunstyrelsen's (status unchanged since the previous report), then
    the others' (Avsnitt, Kommunens uppgift, Mål, Analys, Status, Status föregående rapport)."""
    rows = [["KS", section, task, goal, analysis, status, status] for section, task, goal, analysis, status in GOALS]
    return rows + [[code, *goal] for code, f in OTHER_NAMNDER.items() for goal in f.goals]


def priority_rows() -> list[list[str]]:
    return [["KS", *p] for p in PRIORITIES] + [[code, *p] for code, f in OTHER_NAMNDER.items() for p in f.priorities]


def assignment_rows() -> list[list[str]]:
    return [["KS", *a] for a in ASSIGNMENTS] + [[code, *a] for code, f in OTHER_NAMNDER.items()
                                               for a in f.assignments]


def control_rows() -> list[list[str]]:
    units = [("KS", CONTROLS)] + [(code, f.controls) for code, f in OTHER_NAMNDER.items()]
    return [[code, risk, description, control, result, comment]
            for code, controls in units for risk, description, rows in controls for control, result, comment in rows]


def section_texts() -> dict[str, dict[str, tuple[str, list]]]:
    """{nämnd: {avsnitt: (title, blocks)}} for every nämnd with its own report."""
    return {"KS": SECTION_TEXTS, **{code: f.sections for code, f in OTHER_NAMNDER.items()}}


def author(code: str) -> str:
    """The förvaltning that writes a nämnd's texts (document property)."""
    if code == "KS":
        return AUTHOR
    names = {kod: namn for kod, namn, _ in FORVALTNINGAR}
    return f"{names[NAMND[code].forvaltning]} (exempeltext)"


_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def _add_runs(paragraph, content: str) -> None:
    for part in _INLINE.split(content):
        if part.startswith("**"):
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*"):
            paragraph.add_run(part[1:-1]).italic = True
        elif part:
            paragraph.add_run(part)


def section_docx(title: str, blocks: list[tuple[str, str]], written_by: str = AUTHOR) -> bytes:
    """One section's Word file: body paragraphs, Heading 3 sub-headings, List Bullet items."""
    document = docx.Document()
    _swedish(document)
    for kind, content in blocks:
        if kind == "h":
            document.add_heading(content, level=3)
        else:
            _add_runs(document.add_paragraph(style="List Bullet" if kind == "li" else None), content)
    # Only properties in the Dublin Core namespaces: python-docx writes lastModifiedBy, lastPrinted,
    # revision and keywords under a wrong namespace; the template's own values of those stay.
    properties = document.core_properties
    properties.title = f"{title} (exempeltext)"
    properties.author = written_by
    properties.language = "sv-SE"
    properties.comments = ""
    properties.created = properties.modified = CREATED
    buffer = BytesIO()
    document.save(buffer)
    return reproducible_docx(buffer.getvalue(), CREATED)


def _swedish(document) -> None:
    """Proofing language sv-SE on the document defaults, so Word spell-checks in Swedish."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = run_properties.makeelement(qn("w:lang"), {})
        run_properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), "sv-SE")


GOAL_HEADINGS = ["Nämnd", "Avsnitt", "Kommunens uppgift", "Mål", "Analys", "Status", "Status föregående rapport"]
PRIORITY_HEADINGS = ["Nämnd", "Avsnitt", "Prioritering", "Kommentar", "Status"]
ASSIGNMENT_HEADINGS = ["Nämnd", "Typ", "Uppdrag", "Kommentar"]
CONTROL_HEADINGS = ["Nämnd", "Risk", "Riskbeskrivning", "Kontroll", "Resultat", "Kommentar"]


def generate(out: Path) -> list[Path]:
    write_workbook(out / "malbedomning.xlsx", [
        ("Mål", GOAL_HEADINGS, goal_rows(), [8, 9, 26, 50, 90, 20, 26]),
        ("Satsningar", PRIORITY_HEADINGS, priority_rows(), [8, 9, 40, 90, 16]),
        ("Uppdrag", ASSIGNMENT_HEADINGS, assignment_rows(), [8, 30, 45, 90]),
    ])
    write_workbook(out / "internkontroll.xlsx", [
        ("Internkontroll", CONTROL_HEADINGS, control_rows(), [8, 36, 70, 40, 38, 90]),
    ])
    written = [out / "malbedomning.xlsx", out / "internkontroll.xlsx"]
    for code, sections in section_texts().items():
        for key, (title, blocks) in sections.items():
            path = out / "texter" / code / f"{key}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(section_docx(title, blocks, author(code)))
            written.append(path)
    return written


# --------------------------------------------------------------------------------------------
# Self-check: read the files back with plain pandas and python-docx
# --------------------------------------------------------------------------------------------
TEXT_KEYS = tuple(SECTION_TEXTS)
KS_COUNTS = {"mål 4": 11, "på rätt väg": 7, "delvis": 4, "fel väg": 0, "mål 5": 4, "satsningar 4.1": 7,
             "satsningar 5.5": 1, "uppdrag": 7, "kontroller": 10, "riskområden": 6, "genomförda": 8,
             "utan avvikelse": 4, "mindre avvikelse": 4}
STAFF_GOALS = ("Mål 21", "Mål 22", "Mål 23", "Mål 24")


def _sheet(path: Path, sheet: str):
    frame = fastexcel.read_excel(str(path)).load_sheet(sheet, dtypes="string").to_pandas()
    return frame.fillna("")


def _labels(settings: dict, table: str) -> dict[str, str]:
    """{label (lower case): kind} of [status.<table>] in rapport.toml."""
    return {label.lower(): kind for kind, labels in settings["status"][table].items() for label in labels}


def counts(code: str, goals, priorities, assignments, controls, settings: dict) -> dict[str, int]:
    """What a nämnd's report counts: goals by status, items, controls, risk areas, controls done."""
    mal, kontroll = _labels(settings, "mal"), _labels(settings, "internkontroll")
    section_4 = goals[(goals["Nämnd"] == code) & (goals["Avsnitt"] == "4")]
    kinds = [mal.get(status.lower()) for status in section_4["Status"]]
    own_controls = controls[controls["Nämnd"] == code]
    results = [kontroll.get(r.lower()) for r in own_controls["Resultat"]]
    own_priorities = priorities[priorities["Nämnd"] == code]
    return {"mål 4": len(section_4), "på rätt väg": kinds.count("pa_ratt_vag"), "delvis": kinds.count("delvis"),
            "fel väg": kinds.count("fel_vag"), "mål 5": int(((goals["Nämnd"] == code) & (goals["Avsnitt"] == "5")).sum()),
            "satsningar 4.1": int((own_priorities["Avsnitt"] == "4.1").sum()),
            "satsningar 5.5": int((own_priorities["Avsnitt"] == "5.5").sum()),
            "uppdrag": int((assignments["Nämnd"] == code).sum()), "kontroller": len(own_controls),
            "riskområden": own_controls["Risk"].nunique(),
            "genomförda": sum(r in ("utan_avvikelse", "mindre_avvikelse", "med_avvikelse") for r in results),
            "utan avvikelse": results.count("utan_avvikelse"), "mindre avvikelse": results.count("mindre_avvikelse")}


def self_check(out: Path, verbose: bool = True) -> list[str]:
    settings = tomllib.loads((out / "installningar" / "rapport.toml").read_text(encoding="utf-8"))
    organisation = fastexcel.read_excel(str(out / "installningar" / "organisation.xlsx"))
    units = organisation.load_sheet("Rapportenheter", dtypes="string").to_pandas().fillna("")
    own = list(units.loc[units["Egen rapport"] == "Ja", "Kod"])
    sheets = {"Mål": (out / "malbedomning.xlsx", GOAL_HEADINGS), "Satsningar": (out / "malbedomning.xlsx",
                                                                                  PRIORITY_HEADINGS),
              "Uppdrag": (out / "malbedomning.xlsx", ASSIGNMENT_HEADINGS),
              "Internkontroll": (out / "internkontroll.xlsx", CONTROL_HEADINGS)}
    frames, problems = {}, []
    for sheet, (path, headings) in sheets.items():
        frames[sheet] = _sheet(path, sheet)
        if list(frames[sheet].columns) != headings:
            problems.append(f"{path.name}, {sheet}: headings {list(frames[sheet].columns)}")
        stray = sorted(set(frames[sheet]["Nämnd"]) - set(own))
        if stray:
            problems.append(f"{path.name}, {sheet}: Nämnd {stray} is no unit with its own report")
    goals, priorities, assignments, controls = (frames[k] for k in sheets)
    known = {label.lower() for label in settings["status"]["etiketter"]}
    mal, kontroll = _labels(settings, "mal"), _labels(settings, "internkontroll")
    problems += [f"Mål: status {s!r}" for s in sorted(set(goals["Status"]) | set(goals["Status föregående rapport"]))
                 if s.lower() not in mal]
    problems += [f"Satsningar: status {s!r}" for s in sorted(set(priorities["Status"])) if s.lower() not in known]
    problems += [f"Internkontroll: resultat {s!r}" for s in sorted(set(controls["Resultat"])) if s.lower() not in kontroll]
    indicators = None
    if (out / "indikatorer.xlsx").exists():
        indicators = _sheet(out / "indikatorer.xlsx", "Indikatorer")
    summary = []
    for code in own:
        found = counts(code, goals, priorities, assignments, controls, settings)
        if code == "KS" and found != KS_COUNTS:
            problems.append(f"KS: counts {found} != the reference's {KS_COUNTS}")
        empty = [k for k in ("mål 4", "satsningar 4.1", "uppdrag", "kontroller") if not found[k]]
        if empty:
            problems.append(f"{code}: no {', '.join(empty)}")
        staff = [g.split(":")[0] for g in goals.loc[(goals["Nämnd"] == code) & (goals["Avsnitt"] == "5"), "Mål"]]
        if tuple(staff) != STAFF_GOALS:
            problems.append(f"{code}: staff goals {staff}")
        if indicators is not None:
            mine = set(indicators.loc[indicators["Nämnd"] == code, "Mål"])
            if mine != set(STAFF_GOALS):
                problems.append(f"{code}: indikatorer.xlsx has goals {sorted(mine)}")
        for key in TEXT_KEYS:
            path = out / "texter" / code / f"{key}.docx"
            if not path.exists():
                problems.append(f"texter/{code}/{key}.docx missing")
                continue
            document = docx.Document(str(path))
            if not any(p.text.strip() for p in document.paragraphs) or document.core_properties.language != "sv-SE":
                problems.append(f"texter/{code}/{key}.docx: empty or not marked Swedish")
        summary.append(f"{code}: {found['mål 4']} mål ({found['på rätt väg']} på rätt väg, {found['delvis']} delvis, "
                       f"{found['fel väg']} på fel väg), {found['mål 5']} medarbetarmål, {found['satsningar 4.1']}+"
                       f"{found['satsningar 5.5']} satsningar, {found['uppdrag']} uppdrag, {found['kontroller']} "
                       f"kontroller i {found['riskområden']} riskområden ({found['genomförda']} genomförda)")
    if verbose:
        print("read back from the written files:")
        for line in summary:
            print("  " + line)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="input folder (default: input_xlsx/)")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"wrote {path.relative_to(args.out)} ({path.stat().st_size:,} bytes)")
    return report_self_check(self_check(args.out), "every nämnd with its own report has goals, staff goals, "
                             "satsningar, uppdrag, internkontroll and 8 Word texts; KS has the reference's 11 goals "
                             "(7 på rätt väg, 4 delvis), 7+1 satsningar, 7 uppdrag, 10 controls in 6 risk areas "
                             "(8 done: 4 without, 4 with a minor deviation)")


if __name__ == "__main__":
    sys.exit(main())
