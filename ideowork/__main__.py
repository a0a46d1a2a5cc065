from ideowork.cli import main

raise SystemExit(main())
