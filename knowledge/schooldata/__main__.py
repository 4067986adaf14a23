"""``python -m knowledge.schooldata [DATA_DIR]``: check the school-data CSVs and list every problem."""

from knowledge.schooldata.loader import main

raise SystemExit(main())
