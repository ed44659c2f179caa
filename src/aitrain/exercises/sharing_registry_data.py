"""Exercises of module 14, sharing registry data safely."""

from functools import cache

import numpy as np
import pandas as pd

from aitrain import privacy
from aitrain.datasets import load
from aitrain.feedback import (
    Exercise,
    Known,
    Mistake,
    close,
    expect_close,
    expect_frame,
    expect_number,
    expect_percent,
    expect_reading,
    expect_series,
    expect_share,
    reject_known,
    whole_table,
)
from aitrain.i18n import N_, _

QIS = privacy.QUASI_IDENTIFIERS
GENERALISED_QIS = privacy.GENERALISED_QUASI_IDENTIFIERS
K = 5


@cache
def _release() -> pd.DataFrame:
    return privacy.de_identify(load("social_registry"))


@cache
def _public() -> pd.DataFrame:
    return load("health_household_list")


def disabled_per_village() -> pd.Series:
    """What the Ministry wants to publish: registered households with a disabled member, per village."""
    return load("social_registry").groupby("village")["disability"].sum().rename("disabled_households")


def _check_unique(unique_4):
    release = _release()
    share = expect_share(unique_4, "unique_4", truth=privacy.share_unique(release, QIS))
    reject_known(share, [
        Known(privacy.share_unique(release, ["village", "age", "sex"]),
              N_("This is the share unique on 3 quasi-identifiers."),
              N_("Add the fourth one, `household_size`: use the list `QUASI_IDENTIFIERS`.")),
        Known(1 - privacy.share_unique(release, QIS),
              N_("This is the share of records that share their combination with someone else."),
              N_("A record is unique when its group has exactly 1 record.")),
    ])
    expect_close(share, privacy.share_unique(release, QIS), 1e-9,
                 _("This is not the share of records unique on the 4 quasi-identifiers."),
                 _("Compare the group sizes with 1 (`== 1`) and take the mean of the True/False values."))
    return _("Most households are alone in their combination: dropping names did not make them anonymous.")


def _check_reidentified(n_reidentified):
    number = expect_number(n_reidentified, "n_reidentified")
    if number != int(number):
        raise Mistake(_("`n_reidentified` should be a whole number of records."),
                      _("Count the records with `.sum()` on a True/False column."))
    candidates = _release()[["record", *QIS]].merge(_public()[[*QIS, "name"]], on=QIS)
    per_record = candidates.groupby("record")["name"].count()
    reject_known(number, [
        Known(len(candidates),
              N_("This counts every (record, name) pair, including records that match several people."),
              N_("Use `matches_per_record`, which has one value per record."), tolerance=0),
        Known(len(per_record),
              N_("This counts every record that matches at least one person, even several at once."),
              N_("The attacker is sure only when a record matches exactly one name: `== 1`."), tolerance=0),
    ])
    expect_close(number, len(privacy.link(_release(), _public(), QIS)), 0.5,
                 _("This is not the number of records that match exactly one person on the list."),
                 _("Compare `matches_per_record` with 1 and count the True values with `.sum()`."))
    return _("More than half of the 'anonymous' records now have a name attached.")


def _check_safe(safe_release, generalised, k):
    safe = expect_frame(safe_release, "safe_release", GENERALISED_QIS)
    generalised = expect_frame(generalised, "generalised", GENERALISED_QIS)
    k = int(k)
    if len(safe) == 0:
        raise Mistake(_("`safe_release` is empty."), _("Keep the records whose group has at least {k} records.").format(
                                                    k=k))
    sizes = privacy.group_sizes(generalised, GENERALISED_QIS)
    if not safe.index.isin(generalised.index).all():
        raise Mistake(_("`safe_release` holds records that are not in `generalised`."),
                      _("Select rows of `generalised` with a True/False condition."))
    if privacy.k_anonymity(safe, GENERALISED_QIS) < k:
        raise Mistake(_("Some records are still in groups smaller than {k}.").format(k=k),
                      _("Keep only the records whose group size is at least {k} (`>=`).").format(k=k))
    expected = sizes.index[sizes >= k]
    if len(safe) < len(expected):
        raise Mistake(_("You removed more records than needed: every record removed is lost to the researchers."),
                      _("A group of exactly {k} records is safe enough: use `>=`, not `>`.").format(k=k))
    if len(safe) != len(expected) or not safe.index.equals(expected):
        raise Mistake(_("`safe_release` does not keep exactly the records in groups of {k} or more.").format(k=k),
                      _("Keep the rows of `generalised` whose group size (from `privacy.group_sizes`) reaches `k`."))
    return _("Every remaining record now hides in a crowd of at least {k} households.").format(k=k)


def _check_noisy(noisy_1, seed):
    counts = disabled_per_village()
    noisy = expect_series(noisy_1, "noisy_1", len(counts))
    if not noisy.index.equals(counts.index):
        raise Mistake(_("`noisy_1` should have one value per village, in the same order as the true counts."),
                      _("Pass `disabled_per_village` itself to `privacy.laplace_counts`."))
    if noisy.dtype.kind not in "biuf":
        raise Mistake(_("`noisy_1` should hold numbers."), _("Use `privacy.laplace_counts`."))
    reject_known(noisy.to_numpy(dtype=float), [
        Known(counts.to_numpy(dtype=float), N_("These are the true counts: nothing protects the households."),
              N_("Add noise with `privacy.laplace_counts(...)`."), tolerance=0),
        *[Known(lambda e=epsilon: privacy.laplace_counts(counts, e, np.random.default_rng(int(seed))).to_numpy(),
                N_("These counts were made with epsilon = {epsilon:g}."), N_("The Ministry chose epsilon = 1."),
                fields={"epsilon": epsilon}, same=np.allclose)
          for epsilon in (0.1, 10.0)],
    ])
    expected = privacy.laplace_counts(counts, 1.0, np.random.default_rng(int(seed)))
    if not np.allclose(noisy.to_numpy(dtype=float), expected.to_numpy()):
        raise Mistake(_("These are not the counts the Laplace mechanism gives with epsilon = 1 for this seed."),
                      _("Create a fresh random generator from the notebook's `seed` in the same cell (the cell above "
                       "shows how), and pass it as `rng`."))
    return _("Each village's count moved by about one household, up or down.")


def _check_error(error_1, noisy_1):
    counts = disabled_per_village()
    error = expect_number(error_1, "error_1")
    noisy = expect_series(noisy_1, "noisy_1", len(counts)).to_numpy(dtype=float)
    difference = noisy - counts.to_numpy(dtype=float)
    reject_known(error, [
        Known(difference.mean(), N_("Errors up and down cancel out in this average."),
              N_("Take the absolute value of each difference with `.abs()` before the mean."),
              when=not close(difference.mean(), np.abs(difference).mean())),
        Known(np.abs(difference).sum(), N_("This is the total error over all villages."),
              N_("The question asks for the average: `.mean()`.")),
    ])
    expect_close(error, float(np.abs(difference).mean()), 1e-9,
                 _("This is not the mean absolute error of `noisy_1`."),
                 _("Subtract the true counts from the noisy ones, take `.abs()`, then `.mean()`."))
    return _("On average a village's published count is off by about 1 household at epsilon = 1.")


@cache
def _registry() -> pd.DataFrame:
    return load("social_registry")


def entitled_not_paid() -> pd.DataFrame:
    """Registered households with a disabled member that receive no benefit: the families to contact."""
    registry = _registry()
    return registry[registry["disability"] & (registry["monthly_benefit_som"] == 0)]


def _check_to_contact(to_contact):
    table = expect_frame(to_contact, "to_contact", ["village", "disability", "monthly_benefit_som"])
    registry, truth = _registry(), entitled_not_paid()
    if not table.index.isin(registry.index).all():
        raise Mistake(_("`to_contact` holds rows that are not in `registry`."),
                      _("Select rows of `registry` with a True/False condition inside square brackets."))
    mistake = whole_table(table, registry, "to_contact", N_("the families entitled but not paid"))
    if mistake:
        raise mistake
    disabled, unpaid = registry["disability"], registry["monthly_benefit_som"] == 0
    reject_known(len(table), [
        Known(int((disabled & ~unpaid).sum()), N_("`to_contact` keeps the families that already receive a benefit."),
              N_("The families to contact receive nothing: their benefit is 0 (`== 0`)."), tolerance=0),
        Known(int(unpaid.sum()), N_("`to_contact` keeps every unpaid household, with or without a disabled member."),
              N_("Only households with a disabled member are entitled: add a second condition on `disability`, "
                 "joined with `&`."), tolerance=0),
        Known(int(disabled.sum()), N_("`to_contact` keeps every household with a disabled member, paid or not."),
              N_("Add a second condition: the benefit paid is 0. Join the two with `&`."), tolerance=0),
        Known(int((disabled | unpaid).sum()), N_("`to_contact` keeps households that meet *either* condition."),
              N_("A family to contact meets both conditions: join them with `&` (and), not `|` (or)."), tolerance=0),
    ])
    if not table.index.equals(truth.index):
        raise Mistake(_("`to_contact` does not keep exactly the registered households with a disabled member "
                        "that receive no benefit."),
                      _("Two conditions, each in brackets, joined with `&`: `disability` is True, and "
                        "`monthly_benefit_som` is 0."))
    return _("About three entitled families in ten receive nothing: the Ministry knows them and can reach them.")


def village_names(value, name):
    if isinstance(value, pd.Series) and value.dtype == bool:
        raise Mistake(_("`{name}` is a column of True/False values (the condition), not the village names.").format(
                        name=name),
                      _("Put the condition inside square brackets after `per_village`, then take `.index`."))
    if isinstance(value, pd.Series) and value.dtype != object:
        value = value.index  # the counts of the villages kept: their names are the index
    if not pd.api.types.is_list_like(value) or isinstance(value, dict):
        raise Mistake(_("`{name}` should be a list of village names.").format(name=name),
                      _("Keep the villages of the counts that reach the threshold, then take their names with "
                        "`.index`."))
    names = [str(v) for v in value]
    known = set(_registry()["village"])
    if not names or not set(names) <= known:
        raise Mistake(_("`{name}` should hold village names, as in the `village` column.").format(name=name),
                      _("The names are the index of `per_village`: take `.index` of the filtered counts."))
    return set(names)


def _check_meeting(meeting_villages, meeting_size):
    size = int(meeting_size)
    chosen = village_names(meeting_villages, "meeting_villages")
    counts = entitled_not_paid().groupby("village").size()
    reject_known(chosen, [
        Known(set(counts.index[counts > size]),
              N_("`meeting_villages` leaves out the villages with exactly `meeting_size` families."),
              N_("A village qualifies when it has *at least* `meeting_size` families: use `>=`.")),
        Known(set(counts.index[counts < size]), N_("`meeting_villages` holds the villages with the *fewest* families."),
              N_("Keep the villages whose count reaches `meeting_size`.")),
        Known(set(counts.index), N_("`meeting_villages` holds every village with at least one family to contact."),
              N_("Compare each village's count with `meeting_size`.")),
    ], truth=set(counts.index[counts >= size]))
    if chosen != set(counts.index[counts >= size]):
        raise Mistake(_("`meeting_villages` is not the list of villages with at least `meeting_size` families to "
                        "contact."),
                      _("Keep the counts of `per_village` that are `>= meeting_size`, then take their `.index`."))
    return _("A few village meetings reach most of the families; the others need a visit or a letter.")


unique = Exercise(1, N_("records unique on 4 quasi-identifiers"), ["unique_4"], _check_unique,
                  [N_("A record is unique when no other record shares its values on the quasi-identifiers: it is "
                     "alone in its group."),
                  N_("`privacy.group_sizes` gives each record's group size, from the released table and the "
                     "list of quasi-identifiers.")])
reidentified = Exercise(2, N_("a linkage attack"), ["n_reidentified"], _check_reidentified,
                        N_("A record is re-identified when exactly one person on the list matches it."))
safe = Exercise(3, N_("suppression until k = 5"), ["safe_release", "generalised", "k"], _check_safe,
                N_("Keep the rows of `generalised` whose group size is at least `k`."))
noisy = Exercise(4, N_("Laplace noise at epsilon = 1"), ["noisy_1", "seed"], _check_noisy,
                 N_("`privacy.laplace_counts(counts, epsilon, rng)` adds the noise."))
error = Exercise(5, N_("the error of private counts"), ["error_1", "noisy_1"], _check_error,
                 N_("The mean absolute error is the average size of the differences, ignoring their sign."))
to_contact = Exercise(6, N_("families entitled but not paid"), ["to_contact"], _check_to_contact,
                     [N_("Two conditions must hold at once: a disabled member, and no benefit paid."),
                      N_("Put each condition in brackets, join them with `&`, and filter `registry` with the result "
                         "inside square brackets.")],
                      columns=("disability", "monthly_benefit_som"))
meeting = Exercise(7, N_("where to hold village meetings"), ["meeting_villages", "meeting_size"], _check_meeting,
                   [N_("A village gets a meeting when its count in `per_village` reaches `meeting_size`."),
                    N_("Filter `per_village` with a condition in square brackets, then take the names with `.index`.")])


# The policy path: values read off the charts and tables (aitrain.base.path_cells).

READING = 5  # points of percent: how closely a value read off a chart must match
EPSILONS = (0.1, 1.0, 10.0)  # the privacy budgets of the table of section 5
MAX_ERROR = 2  # households: the open-data office's limit on the typical error of a published count
MIN_REACH = 0.5  # village meetings must reach at least half of the families to contact
MEETING_SIZES = range(2, 11)  # the meeting sizes of the table of section 6


def _check_unique_percent(unique_percent):
    value = expect_percent(unique_percent, "unique_percent")
    release = _release()
    truth = 100 * privacy.share_unique(release, QIS)
    reject_known(value, [
        Known(100 * privacy.share_unique(release, ["village", "age", "sex"]),
              N_("This is the light bar: 3 quasi-identifiers, without the household size."),
              N_("Read the dark bar (4 quasi-identifiers) above \"1\" (the unique records)."), tolerance=2),
        Known(100 - truth, N_("This is the share of records that share their combination with someone else."),
              N_("Read the bar above \"1\" (the unique records) itself."), tolerance=2, when=abs(100 - 2 * truth) > 4),
    ], truth=truth)
    expect_reading(value, truth, READING,
                   _("`unique_percent` is not the height of the dark bar above \"1\" (the unique records)."),
                      _("Find the group \"1\" (the unique records) on the horizontal axis and read the top of its "
                        "dark bar on the vertical axis."))
    return _("Most households are alone in their combination: dropping names did not make them anonymous.")


@cache
def typical_errors(seed) -> pd.Series:
    """The typical error of a published village count (households) for each epsilon of section 5."""
    errors = privacy.private_count_errors(disabled_per_village(), list(EPSILONS), np.random.default_rng(int(seed)))
    return errors.groupby("epsilon")["mean_absolute_error"].mean()


def _check_epsilon_choice(epsilon_choice, seed):
    value = expect_number(epsilon_choice, "epsilon_choice")
    errors = typical_errors(seed)
    if not any(close(value, epsilon) for epsilon in EPSILONS):
        raise Mistake(_("`epsilon_choice` should be one of the epsilons of the table: 0.1, 1 or 10."),
                      _("Read the first column of the table."))
    truth = min(epsilon for epsilon in EPSILONS if errors[epsilon] <= MAX_ERROR)
    if value < truth:
        raise Mistake(_("At this epsilon a published count is off by about {error:.0f} households: more than the "
                        "open-data office can use.").format(error=errors[value]),
                      _("Look for the epsilons whose typical error is at most 2 households."))
    if value > truth:
        raise Mistake(_("This epsilon meets the limit, but so does a smaller one, which protects families more."),
                      _("Among the epsilons whose error is at most 2 households, take the smallest."))
    return _("The strongest protection the councils can still use: a typical error of about 1 household.")


def meeting_reach(meeting_sizes=MEETING_SIZES) -> pd.DataFrame:
    """For each meeting size: the villages with at least that many families to contact, and the share of the
    families those meetings reach."""
    counts = entitled_not_paid().groupby("village").size()
    return pd.DataFrame({"villages with a meeting": [int((counts >= size).sum()) for size in meeting_sizes],
                         "families reached (%)": [100 * counts[counts >= size].sum() / counts.sum()
                                                  for size in meeting_sizes]},
                        index=pd.Index(list(meeting_sizes), name="meeting size (families)"))


def _check_meeting_choice(meeting_choice):
    value = expect_number(meeting_choice, "meeting_choice")
    table = meeting_reach()
    if value not in table.index:
        raise Mistake(_("`meeting_choice` should be one of the meeting sizes of the table, from 2 to 10."),
                      _("Read the first column of the table."))
    reached = table["families reached (%)"]
    truth = max(size for size in table.index if reached[size] >= 100 * MIN_REACH)
    if value > truth:
        raise Mistake(_("With meetings only where {size:g} families or more live, they reach {reached:.0f}% of the "
                        "families: less than half.").format(size=value, reached=reached[value]),
                      _("Go up the table to the first size whose meetings reach at least 50%."))
    if value < truth:
        raise Mistake(_("Meetings this small reach half of the families, but so do larger ones, and a larger "
                        "meeting helps more families for each day a social worker travels."),
                      _("Take the *largest* size whose meetings still reach at least 50% of the families."))
    return _("Village meetings reach half of the families; the others need a visit or a letter.")


unique_percent = Exercise(1, N_("reading how many records are unique"), ["unique_percent"], _check_unique_percent,
                          [N_("Each pair of bars is a group size; the dark bars use the 4 quasi-identifiers."),
                           N_("Read the height of the dark bar above \"1\" (the unique records), in percent.")])
epsilon_choice = Exercise(2, N_("choosing epsilon"), ["epsilon_choice", "seed"], _check_epsilon_choice,
                          [N_("A smaller epsilon protects families more, and makes the published counts less "
                              "accurate."),
                           N_("In the table, keep the epsilons whose typical error is at most 2 households, and "
                              "take the smallest.")])
meeting_choice = Exercise(3, N_("when to hold a village meeting"), ["meeting_choice"], _check_meeting_choice,
                          [N_("A larger meeting size means fewer meetings, which reach fewer families."),
                           N_("Find the largest size in the table whose meetings still reach at least 50% of the "
                              "families.")])
