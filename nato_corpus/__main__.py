import sys

from nato_corpus.cli import main

sys.exit(main())
