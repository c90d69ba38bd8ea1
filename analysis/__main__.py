"""``python -m analysis``: see ``analysis.cli``.

Two start-up settings for this process only, both measured in ``bench/bench_analysis.py``:
BLAS threads only spin on matrices this small, so one thread is used unless the caller says
otherwise; and pandera imports hypothesis (about 0.7 s) just to offer data-synthesis strategies
this command never uses, so that import is skipped here.
"""

import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]

from analysis.cli import main  # noqa: E402

raise SystemExit(main())
