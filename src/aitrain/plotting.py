"""One look for every figure in the course: the Okabe-Ito colour-blind-safe palette and readable defaults."""

import matplotlib as mpl

# Okabe and Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK = OKABE_ITO
# When two series differ by colour alone (side-by-side bars, overlapping histograms), pick two that also differ in
# lightness, so that they stay apart in greyscale and for every colour-vision deficiency: dark BLUE with light
# ORANGE or SKY. BLUE with VERMILION differ mainly in hue; tell them apart by line style or marker as well.


def use_course_style() -> None:
    """Set matplotlib defaults for the course: palette, sizes, no top/right frame."""
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
        "figure.figsize": (7, 4),
        "figure.dpi": 90,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "image.cmap": "cividis",
    })
