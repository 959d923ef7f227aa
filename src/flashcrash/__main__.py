from flashcrash.cli import main
from flashcrash.exits import leave_without_freeing

code = main()
# the output is written and flushed and every worker has ended: nothing is left to free
leave_without_freeing(code)
