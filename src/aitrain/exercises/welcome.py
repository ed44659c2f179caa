"""The practice exercise of the WELCOME notebook: it shows how checks, feedback and hints work."""

from aitrain.feedback import Exercise, expect_close, expect_share
from aitrain.i18n import N_, _

HOUSEHOLDS = 1200
RECEIVING = 300


def _check_share(share):
    value = expect_share(share, "share", truth=RECEIVING / HOUSEHOLDS)
    expect_close(value, RECEIVING / HOUSEHOLDS, 1e-9, _("This is not the share of households receiving the transfer."),
                 _("A share is the part divided by the whole."))
    return _("One household in four receives the transfer. You are ready for the modules.")


practice = Exercise(1, N_("a first share"), ["share"], _check_share,
                    N_("Divide the number of households that receive the transfer by the number of all households."))
