"""Fonts for participants' names in every script the course meets (Latin, Cyrillic, Georgian, Armenian, Khmer and
traditional Mongolian), in every page (the CSS font stack of page.css) and figure (a matplotlib fallback list),
and the check `aitrain doctor --trainer` runs: does each script draw, or as boxes?

DejaVu Sans (matplotlib's own) has Latin, Cyrillic, Georgian and Armenian but no Khmer or Mongolian; the Noto
fonts fill the gaps (Debian/Ubuntu: fonts-noto-core; elsewhere from https://fonts.google.com/noto). Matplotlib's
font list is a cache made once: a font installed after it is added here by its file, so it works at once.
"""

import warnings
from functools import cache
from pathlib import Path

# script -> a name in it, as on a roster (traditional Mongolian: "Mongol")
SAMPLES = {"Cyrillic": "Айгерім Сейітқали", "Georgian": "ნინო ბერიძე", "Armenian": "Արամ Պետրոսյան",
           "Khmer": "សុខា ចាន់", "Mongolian": "ᠮᠣᠩᠭᠣᠯ"}
# matplotlib tries each family in turn for every character: the first one with the glyph draws it
FAMILIES = ["DejaVu Sans", "Noto Sans", "Noto Sans Georgian", "Noto Sans Armenian", "Noto Sans Khmer",
            "Noto Sans Mongolian"]
INSTALL = ("Install the Noto fonts: sudo apt-get install fonts-noto-core (Debian/Ubuntu), sudo dnf install "
           "google-noto-sans-{{khmer,georgian,armenian,mongolian}}-fonts (Fedora); on macOS or Windows install Noto "
           "Sans {scripts} from https://fonts.google.com/noto (open each .ttf, Install). Then run the command again.")


def _file_family(path: Path) -> str:
    """'NotoSansKhmer-Regular.ttf' -> 'Noto Sans Khmer' (the families above are named so)."""
    stem = path.stem.split("-")[0]
    return next((f for f in FAMILIES if f.replace(" ", "") == stem), "")


@cache
def matplotlib_families() -> tuple[str, ...]:
    """The course's families matplotlib has (adding those installed since its font cache was made)."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    added: set[str] = set()
    if not set(FAMILIES) <= known:
        for found in font_manager.findSystemFonts():
            path = Path(found)
            family = _file_family(path)
            if family in FAMILIES and family not in known and path.stem.endswith(("-Regular", "-Bold")):
                font_manager.fontManager.addfont(str(path))
                added.add(family)
        known |= added
    return tuple(f for f in FAMILIES if f in known)


def use_fonts() -> None:
    """Draw every script the course's fonts have: matplotlib's font family is the fallback list (a generic
    'sans-serif' would give one font only)."""
    import logging

    import matplotlib as mpl

    mpl.rcParams["font.family"] = [*matplotlib_families(), "sans-serif"]
    # "no bold for Noto Sans Mongolian, now using 400": the regular weight is drawn, nothing for the trainer to do
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def missing_scripts() -> dict[str, list[str]]:
    """script -> the characters of its sample that matplotlib draws as boxes (none: every script draws)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    use_fonts()
    missing = {}
    for script, sample in SAMPLES.items():
        fig = plt.figure(figsize=(2, 1))
        fig.text(0, 0.5, sample)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        plt.close(fig)
        boxes = [str(w.message) for w in caught if "missing from font" in str(w.message)]
        if boxes:
            missing[script] = boxes
    return missing
