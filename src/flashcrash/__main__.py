from flashcrash.cli import main

raise SystemExit(main())
