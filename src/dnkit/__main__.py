import sys

from dnkit.cli import main

sys.exit(main())
