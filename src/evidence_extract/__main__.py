"""`python -m evidence_extract ...` behaves like `evidence-extract ...`."""

import sys

from .cli import main

sys.exit(main())
