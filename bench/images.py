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


def run_measured(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak resident KiB of one child."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def pillow_run(src: Path, *, work: bool = True) -> tuple[float, float, int]:
    code = PILLOW_RUN.format(root=str(ROOT), src=str(src), work=work)
    return run_measured([sys.executable, "-c", code])


def vips_run(src: Path, out_dir: Path) -> tuple[float, float, int]:
    wall, cpu, peak = 0.0, 0.0, 0
    for size in SIZES:
        out = out_dir / f"vips_{size}.webp"
        seconds, cpu_seconds, rss = run_measured(
            ["vipsthumbnail", str(src), "-s", str(size), "-o", f"{out}[Q=80,strip]"]
        )
        wall, cpu, peak = wall + seconds, cpu + cpu_seconds, max(peak, rss)
    return wall, cpu, peak


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
        pillow_runs, vips_runs = [], []
        for _ in range(args.runs):
            # Interleaved, so a busy machine slows both sides alike.
            pillow_runs.append(pillow_run(src))
            vips_runs.append(vips_run(src, scratch))

        def summary(runs):
            return (statistics.median(r[0] for r in runs) * 1000,
                    statistics.median(r[1] for r in runs) * 1000,
                    max(r[2] for r in runs) / 1024)

        pillow, vips = summary(pillow_runs), summary(vips_runs)
        print(f"runs: {args.runs} each; median wall and CPU time, peak RSS")
        print(f"pillow  (1 process, 3 renditions): wall {pillow[0]:5.0f} ms  "
              f"cpu {pillow[1]:5.0f} ms  peak {pillow[2]:5.1f} MB")
        print(f"        (of which Python + import:  wall {baseline[0] * 1000:5.0f} ms  "
              f"cpu {baseline[1] * 1000:5.0f} ms  peak {baseline[2] / 1024:5.1f} MB)")
        print(f"libvips (3 vipsthumbnail runs):    wall {vips[0]:5.0f} ms  "
              f"cpu {vips[1]:5.0f} ms  peak {vips[2]:5.1f} MB")
        print(f"pillow / libvips: wall {pillow[0] / vips[0]:.2f}x, cpu {pillow[1] / vips[1]:.2f}x "
              f"(goal <= 1.2x); pillow peak {pillow[2]:.0f} MB (goal < 150 MB)")

        # Same sizes, same quality setting: the outputs should weigh about the same too.
        sizes_code = (PILLOW_RUN.format(root=str(ROOT), src=str(src), work=True)
                      + "print(' '.join(f'{r.width}x{r.height}:{len(r.data)}' "
                        "for r in job.renditions))")
        ours = subprocess.run([sys.executable, "-c", sizes_code], check=True,
                              capture_output=True, text=True).stdout.split()
        theirs = [(scratch / f"vips_{size}.webp").stat().st_size for size in SIZES]
        for mine, size, vips_bytes in zip(ours, SIZES, theirs, strict=True):
            dims, pillow_bytes = mine.split(":")
            print(f"{size:5d} px: pillow {dims:>9} {int(pillow_bytes) / 1024:6.1f} KB   "
                  f"libvips {vips_bytes / 1024:6.1f} KB")


if __name__ == "__main__":
    main()
