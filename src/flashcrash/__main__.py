import os
import sys

from flashcrash.cli import main

code = main()
# Leave without freeing the data and models the command holds one object at a time (a tenth of a
# second of a ledger from scratch): the output is written and flushed, every worker has ended.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
