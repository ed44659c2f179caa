"""The texts a figure shows (titles, axis and tick labels, legend entries, annotations), recorded from the kernel
into the figure's output when AITRAIN_SCREEN_TEXTS is set and the notebook speaks a translation: the test suite
and `aitrain translate --screen` set it to count the English words a Russian reader sees
(aitrain.tooling.screen), reading the words matplotlib draws rather than the picture. Otherwise nothing changes.
"""

import os
import sys
from importlib import import_module

VARIABLE = "AITRAIN_SCREEN_TEXTS"
INLINE = "module://matplotlib_inline.backend_inline"
METADATA_KEY = "aitrain_texts"  # in the figure output's metadata: the list of its texts


def figure_texts(fig) -> list[str]:
    """Every non-empty text the figure draws, once each, in drawing order (the tick labels of each axis as its
    locator and formatter place them; the pool of unused ticks left aside)."""
    from matplotlib.text import Text

    axes_labels, hidden = [], set()  # hidden: the pool of tick labels, and every text of an axis not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)):
            if axis is None:
                continue
            for tick in axis.majorTicks + axis.minorTicks:
                hidden.update({id(tick.label1), id(tick.label2)})
            if axis.get_visible() and ax.axison:
                axes_labels += axis.get_majorticklabels() + axis.get_minorticklabels()
            else:  # ax.axis("off"): neither its ticks nor its label are drawn
                hidden.update(id(t) for t in axis.findobj(Text))
    texts = [t for t in fig.findobj(Text) if id(t) not in hidden] + axes_labels
    from aitrain.category_names import drawn

    found: list[str] = []
    for text in texts:
        words = drawn(text).strip()  # the data's category values as the reader sees them
        if words and text.get_visible() and words not in found:
            found.append(words)
    return found


def record_when_asked() -> None:
    """In a kernel with AITRAIN_SCREEN_TEXTS set, add each inline figure's texts to its output's metadata. The
    inline backend is patched once a cell finds it imported (by pyplot): importing it earlier would fix
    matplotlib's backend before the kernel chooses it."""
    if not os.environ.get(VARIABLE) or "ipykernel" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    if os.environ.get("MPLBACKEND") == INLINE:  # the kernel has chosen it already: loading it changes nothing
        import_module(INLINE.removeprefix("module://"))
    _patch_inline_backend()
    for event in ("pre_run_cell", "post_execute"):  # post_execute: before the backend's own flush of the figures
        if _patch_inline_backend not in shell.events.callbacks.get(event, []):
            shell.events.register(event, _patch_inline_backend)


def _patch_inline_backend(*_info) -> None:
    backend_inline = sys.modules.get(INLINE.removeprefix("module://"))
    if backend_inline is None:
        return
    original = backend_inline._fetch_figure_metadata  # what the inline backend passes to display(fig, metadata=)
    if getattr(original, "records_texts", False):
        return

    def with_texts(fig):
        from aitrain import i18n

        if i18n.language() == "en":  # only a translation's screen is counted
            return original(fig)
        return {**(original(fig) or {}), METADATA_KEY: figure_texts(fig)}

    with_texts.records_texts = True
    backend_inline._fetch_figure_metadata = with_texts
