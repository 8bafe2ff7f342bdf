"""Throughput of the Dask executor (1 and 2 local workers) against the local process pool.

Generates one archive of web-like copy (deterministic, `corpus.py`): a third of the
bytes as a folder of Markdown files, a third as a zip of Markdown files read through
`zip://`, a third as a gzipped WARC file of HTML pages. Then times, each in a fresh
`l2lint check` process (no cache, `--format aggregate`):

- local pool: `--jobs N` for N in 1..workers (the default executor);
- Dask: `--executor dask --scheduler ADDR` against a LocalCluster of N single-threaded
  worker processes on 127.0.0.1 (started before timing, as a real cluster would be).

Prints a Markdown table (MB = 10^6 bytes of the documents uncompressed: the zip and
the WARC file are smaller on disk) and, with `--record`, appends it with the machine
and the command to `benchmarks/results.md`.

Usage: python benchmarks/dask_scale.py [--mb 200] [--workers 2] [--record]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import MB, generate_files  # noqa: E402

PAGE_BYTES = 12_000  # about the text-bearing HTML of a product or news page


def build_archive(out: Path, megabytes: float, density: float) -> tuple[list[str], int, int]:
    """The archive's paths for `l2lint check`, its bytes and its documents."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    third = int(megabytes * MB / 3)
    pages = max(3, third // PAGE_BYTES)
    generate_files(out / "site", pages, third, density, name="page")
    staging = out / "staging"
    generate_files(staging / "zip", pages, third, density, seed=7, name="feed")
    generate_files(staging / "warc", pages, third, density, seed=11, fmt="html", name="web")
    with zipfile.ZipFile(out / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((staging / "zip").iterdir()):
            archive.write(path, f"feed/{path.name}")
    with open(out / "crawl.warc.gz", "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for index, path in enumerate(sorted((staging / "warc").iterdir())):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            uri = f"https://www{index % 50}.example.com/{path.stem}"
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(path.read_bytes()), http_headers=http
            )
            writer.write_record(record)
    size = sum(p.stat().st_size for p in (out / "site").rglob("*") if p.is_file())
    size += sum(p.stat().st_size for p in (staging / "zip").iterdir())
    size += sum(p.stat().st_size for p in (staging / "warc").iterdir())
    return ["site", "zip://::export.zip", "crawl.warc.gz"], size, 3 * pages


def time_check(cwd: Path, paths: list[str], extra: list[str]) -> tuple[float, dict]:
    command = [sys.executable, "-m", "l2lint", "check", "--isolated", "--no-cache", "-q"]
    command += ["--format", "aggregate", "--exit-zero", *extra, *paths]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-2000:]}")
    return seconds, json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200.0, help="archive size in MB")
    parser.add_argument("--workers", type=int, default=2, help="up to this many workers")
    parser.add_argument("--density", type=float, default=1 / 100, help="brand sentences")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the archive")
    parser.add_argument("--record", action="store_true", help="append to results.md")
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    base = args.dir or Path(tempfile.mkdtemp(prefix="l2lint-dask-bench-"))
    print(f"building a {args.mb:g} MB archive in {base} ...", file=sys.stderr)
    paths, size, documents = build_archive(base, args.mb, args.density)
    rows = []
    reference = None
    for workers in range(1, args.workers + 1):
        print(f"local pool, --jobs {workers} ...", file=sys.stderr)
        seconds, summary = time_check(base, paths, ["--jobs", str(workers)])
        reference = reference or summary
        assert summary == reference, "the local pool's findings changed with --jobs"
        rows.append(("local pool", workers, seconds))
    for workers in range(1, args.workers + 1):
        print(f"dask, {workers} worker(s) ...", file=sys.stderr)
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,
            ) as cluster,
            Client(cluster),
        ):
            extra = ["--executor", "dask", "--scheduler", cluster.scheduler_address]
            seconds, summary = time_check(base, paths, extra)
        assert summary == reference, "Dask found something else than the local pool"
        rows.append(("dask", workers, seconds))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Archive: {size / MB:.1f} MB in {documents} documents (folder, zip, WARC), "
        f"{reference['findings']} findings; {os.cpu_count()} CPUs, load {load:.1f}, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "",
        "| executor | workers | seconds | MB/s | documents/s |",
        "|---|---|---|---|---|",
    ]
    for name, workers, seconds in rows:
        lines.append(
            f"| {name} | {workers} | {seconds:.1f} | {size / MB / seconds:.2f} "
            f"| {documents / seconds:.0f} |"
        )
    table = "\n".join(lines) + "\n"
    print(table)
    if args.record:
        results = Path(__file__).resolve().parent / "results.md"
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        command = "python benchmarks/dask_scale.py " + " ".join(argv or sys.argv[1:])
        with results.open("a", encoding="utf-8") as handle:
            handle.write(f"\n## Dask scaling, {stamp}\n\n`{command}`\n\n{table}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
