"""Print the runtime dependencies from pyproject.toml, one per line (a requirements file).

The image and the packaging test install exactly these, as wheels, and run the app from
source, so templates/ and static/ stay beside the code as in the repository.
"""

import sys
import tomllib
from pathlib import Path

pyproject = Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
print("\n".join(tomllib.loads(pyproject.read_text())["project"]["dependencies"]))
