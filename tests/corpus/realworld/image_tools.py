"""Thumbnails are made by shelling out to ImageMagick."""
import shlex
import subprocess


def make_thumbnail(src, dst, size="128x128"):
    subprocess.check_call(f"convert {src} -resize {size} {dst}", shell=True)  # expect: CWE-78


def make_thumbnail_quoted(src, dst, size="128x128"):
    cmd = "convert %s -resize %s %s" % (shlex.quote(src), shlex.quote(size), shlex.quote(dst))
    subprocess.check_call(cmd, shell=True)  # safe: CWE-78


def make_thumbnail_argv(src, dst, size="128x128"):
    subprocess.check_call(["convert", src, "-resize", size, dst])  # safe: CWE-78


def page_count(pdf_path):
    out = subprocess.getoutput("pdfinfo '%s' | grep Pages" % pdf_path)  # expect: CWE-78
    return int(out.split()[-1])
