"""aitrain.plotting: the colour-blind-safe palette and the course's matplotlib defaults."""

import matplotlib as mpl
import matplotlib.colors as mcolors

from aitrain import plotting


def test_palette_is_okabe_ito_with_named_colours():
    assert len(set(plotting.OKABE_ITO)) == 8 and all(mcolors.is_color_like(c) for c in plotting.OKABE_ITO)
    assert (plotting.BLUE, plotting.ORANGE, plotting.VERMILION, plotting.BLACK) == ("#0072B2", "#E69F00", "#D55E00",
                                                                                    "#000000")


def test_course_style_sets_the_palette_and_readable_defaults():
    with mpl.rc_context():
        plotting.use_course_style()
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == plotting.OKABE_ITO
        assert mpl.rcParams["image.cmap"] == "cividis"  # readable with colour-vision deficiencies
        assert not mpl.rcParams["axes.spines.top"] and not mpl.rcParams["axes.spines.right"]
