#!/usr/bin/python3
"""Turns born-digital corpus PDFs into "scans": rasterised pages, degraded the way real scanners
and photocopiers degrade them (blur, skew, noise, uneven paper, JPEG artefacts), written as
image-only PDFs, plus a PNG of each first page. Deterministic: the same seed gives the same files.

Needs pdftoppm (poppler-utils) and Python's PIL and numpy (Debian: python3-pil python3-numpy)."""
import glob, os, random, subprocess, sys, tempfile
import numpy as np
from PIL import Image, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
DPI = 200  # a common office-scanner setting; OCR renders these pages at its own resolution

# Which producer's PDF each kind of scan starts from, so every producer is scanned somewhere.
VARIANTS = {
    "clean": "chromium",
    "skewed": "latex",
    "noisy": "libreoffice",
}


def pages(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", pdf, f"{tmp}/p"], check=True)
        return [Image.open(p).convert("L").copy() for p in sorted(glob.glob(f"{tmp}/p*.png"))]


def clean(img, rng):
    return img.filter(ImageFilter.GaussianBlur(0.5))


def skewed(img, rng):
    angle = rng.choice([-1, 1]) * rng.uniform(1.5, 3.5)
    return img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255).filter(
        ImageFilter.GaussianBlur(0.7))


def noisy(img, rng):
    a = np.asarray(img, dtype=np.float32)
    a = 30 + a * (205 / 255)  # grey paper, ink not quite black
    h, w = a.shape
    a += np.linspace(-12, 12, w)[None, :]  # uneven lighting across the page
    a += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 18, a.shape)
    speckle = np.random.default_rng(rng.randrange(1 << 30)).random(a.shape) < 0.002
    a[speckle] = 20
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    angle = rng.uniform(-0.8, 0.8)
    return out.rotate(angle, resample=Image.BICUBIC, fillcolor=235).filter(ImageFilter.GaussianBlur(0.8))


QUALITY = {"clean": 85, "skewed": 75, "noisy": 40}


def main():
    src = os.path.join(HERE, "corpus", "pdf")
    out = os.path.join(HERE, "corpus", "scans")
    os.makedirs(out, exist_ok=True)
    for source in sorted(glob.glob(os.path.join(HERE, "sources", "*.md"))):
        name = os.path.basename(source)[:-3]
        for variant, producer in VARIANTS.items():
            pdf = os.path.join(src, f"{name}.{producer}.pdf")
            if not os.path.exists(pdf):
                pdf = os.path.join(src, f"{name}.chromium.pdf")
            rng = random.Random(f"{name}/{variant}")
            imgs = [globals()[variant](p, rng) for p in pages(pdf)]
            # Through a JPEG round trip, so the PDF carries real JPEG artefacts.
            jpegs = []
            for im in imgs:
                path = os.path.join(tempfile.gettempdir(), f"scan-{os.getpid()}-{len(jpegs)}.jpg")
                im.save(path, "JPEG", quality=QUALITY[variant])
                jpegs.append(Image.open(path))
            jpegs[0].save(os.path.join(out, f"{name}.scan-{variant}.pdf"), "PDF",
                          resolution=DPI, save_all=True, append_images=jpegs[1:])
            if variant == "clean":
                imgs[0].save(os.path.join(out, f"{name}.png"), "PNG", dpi=(DPI, DPI))
    print("scans in", out)


if __name__ == "__main__":
    main()
