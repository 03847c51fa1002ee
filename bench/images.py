"""Image renditions: Tracktory's Pillow pipeline side by side with libvips' vipsthumbnail.

Run: .venv/bin/python bench/images.py [--runs 5]     (needs the `bench` extra and
Debian's libvips-tools)

The source is a 12 MP (4000x3000) JPEG at quality 92 built from a real photograph
(`skimage.data.astronaut`, no download): enlarged, with sensor-like noise so it compresses
like a phone photo, and an EXIF orientation + GPS block. Both sides make the same three
renditions (1600, 800, 150 px longest side, WebP quality 80, metadata stripped):

- Pillow: `media_pipeline.processing.process` in one fresh Python process per run;
- libvips: three `vipsthumbnail` runs (one per size, which is how the tool works).

Time is wall time per run, including process start on both sides; peak memory is the
largest resident set (ru_maxrss) of any process of the run. For Pillow the resident set of
a process that only imports the pipeline is printed too, to show what the work itself adds.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1600, 800, 150)

PILLOW_RUN = """
import sys
sys.path.insert(0, {root!r})
from media_pipeline.processing import process
data = open({src!r}, "rb").read()
if {work!r}:
    job = process(data)
    assert [max(r.width, r.height) for r in job.renditions] == [1600, 800, 150]
"""


def make_photo(path: Path) -> None:
    import numpy as np
    from PIL import Image
    from skimage import data

    rng = np.random.default_rng(12)
    base = Image.fromarray(data.astronaut()).resize((4000, 3000), Image.Resampling.LANCZOS)
    pixels = np.asarray(base, dtype=np.int16)
    pixels = pixels + rng.normal(0, 6, pixels.shape).astype(np.int16)
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F] = "Bench Camera"
    exif[0x0112] = 1
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92, exif=exif)
    path.write_bytes(out.getvalue())


def run_measured(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident KiB of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def pillow_run(src: Path, *, work: bool = True) -> tuple[float, int]:
    code = PILLOW_RUN.format(root=str(ROOT), src=str(src), work=work)
    return run_measured([sys.executable, "-c", code])


def vips_run(src: Path, out_dir: Path) -> tuple[float, int]:
    total, peak = 0.0, 0
    for size in SIZES:
        out = out_dir / f"vips_{size}.webp"
        seconds, rss = run_measured(
            ["vipsthumbnail", str(src), "-s", str(size), "-o", f"{out}[Q=80,strip]"]
        )
        total, peak = total + seconds, max(peak, rss)
    return total, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--make-photo", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_photo:
        make_photo(args.make_photo)
        return

    with tempfile.TemporaryDirectory(prefix="tracktory-bench-") as scratch:
        scratch = Path(scratch)
        src = scratch / "photo_12mp.jpg"
        # In a child: a forked child's peak RSS starts at its parent's, so this process
        # stays small (no numpy, no Pillow) to keep the measurements honest.
        subprocess.run([sys.executable, __file__, "--make-photo", str(src)], check=True)
        print(f"source: {src.stat().st_size / 1e6:.1f} MB JPEG, 4000x3000")

        baseline = pillow_run(src, work=False)
        pillow_runs = [pillow_run(src) for _ in range(args.runs)]
        vips_runs = [vips_run(src, scratch) for _ in range(args.runs)]

        pillow_time = statistics.median(t for t, _ in pillow_runs)
        vips_time = statistics.median(t for t, _ in vips_runs)
        pillow_peak = max(kib for _, kib in pillow_runs) / 1024
        vips_peak = max(kib for _, kib in vips_runs) / 1024
        print(f"runs: {args.runs} each, median wall time, peak RSS")
        print(f"pillow  (1 process, 3 renditions): {pillow_time * 1000:7.0f} ms  "
              f"{pillow_peak:6.1f} MB  (import only: {baseline[0] * 1000:.0f} ms, "
              f"{baseline[1] / 1024:.1f} MB)")
        print(f"libvips (3 vipsthumbnail runs):    {vips_time * 1000:7.0f} ms  "
              f"{vips_peak:6.1f} MB")
        print(f"pillow / libvips time: {pillow_time / vips_time:.2f}x  "
              f"(goal <= 1.2x); pillow peak goal < 150 MB")


if __name__ == "__main__":
    main()
