from pipeline import STARTED
from pipeline.cli import main

if __name__ == "__main__":
    main(obj={"started": STARTED})      # the summary line's time counts from the program's start
