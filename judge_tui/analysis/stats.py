"""The statistics of judgments, each written once and checked in the tests against a reference
implementation (scipy.stats, scikit-learn, the krippendorff package) on random data. How each is
computed, with small cases worked by hand, is in docs/analysis.md.

numpy is imported here and only here (and by whoever imports this module): the first frame of
the app and the quick commands never load it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 0
# Resampling through multinomial counts needs one probability per distinct value; past this
# many distinct values, resampling item indices (in blocks, to bound memory) is cheaper.
_MULTINOMIAL_MAX_VALUES = 2000
_BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float
    method: str  # how it was computed, in words, shown beside it

    def as_list(self) -> list[float]:
        return [self.lo, self.hi]


def counted(values: Sequence[float] | FloatArray) -> tuple[FloatArray, IntArray]:
    """The distinct values, ascending, and how many times each occurs."""
    distinct, counts = np.unique(np.asarray(values, dtype=np.float64), return_counts=True)
    return distinct, counts


def _merged(
    values: Sequence[float] | FloatArray, counts: Sequence[int] | IntArray
) -> tuple[FloatArray, IntArray]:
    """Counts of values given in any order, perhaps repeated, as distinct ascending values."""
    distinct, inverse = np.unique(np.asarray(values, dtype=np.float64), return_inverse=True)
    merged = np.bincount(inverse, weights=np.asarray(counts, dtype=np.float64))
    return distinct, merged.astype(np.int64)


def bootstrap_mean_ci(
    values: Sequence[float] | FloatArray,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> Interval | None:
    """The percentile bootstrap interval of the mean: `resamples` resamples of the items with
    replacement, seeded, so the same data always gives the same interval. None below two
    values: there is nothing to resample."""
    return bootstrap_mean_ci_counts(*counted(values), resamples=resamples, seed=seed, level=level)


def bootstrap_mean_ci_counts(
    values: Sequence[float] | FloatArray,
    counts: Sequence[int] | IntArray,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> Interval | None:
    """`bootstrap_mean_ci` of items given as distinct values and their counts.

    Judge scores take few distinct values (1..5, 1..10), so a resample is drawn as multinomial
    counts over the distinct values: the same distribution of resampled means as drawing item
    indices, at a cost that does not grow with the number of items (a 100,000-item run takes
    milliseconds). Past a few thousand distinct values, item indices are drawn instead."""
    distinct, weights = _merged(values, counts)
    n = int(weights.sum())
    if n < 2:
        return None
    rng = np.random.default_rng(seed)
    if distinct.size <= _MULTINOMIAL_MAX_VALUES:
        drawn = rng.multinomial(n, weights / n, size=resamples)
        means = drawn @ distinct / n
    else:
        data = np.repeat(distinct, weights)
        means = np.empty(resamples)
        block = max(1, _BLOCK_CELLS // n)
        for start in range(0, resamples, block):
            stop = min(resamples, start + block)
            picks = rng.integers(0, n, size=(stop - start, n))
            means[start:stop] = data[picks].mean(axis=1)
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return Interval(
        float(lo),
        float(hi),
        f"{level:.0%} percentile bootstrap, {resamples} resamples, seed {seed}",
    )


def describe(values: Sequence[float] | FloatArray) -> tuple[float, float, float] | None:
    """(mean, median, sample standard deviation), or None without values. The standard deviation
    of a single value is 0."""
    return describe_counts(*counted(values))


def _nth(distinct: FloatArray, ends: IntArray, index: int) -> float:
    """The value at `index` (from 0) of the items in ascending order."""
    return float(distinct[int(np.searchsorted(ends, index, side="right"))])


def describe_counts(
    values: Sequence[float] | FloatArray, counts: Sequence[int] | IntArray
) -> tuple[float, float, float] | None:
    """`describe` of items given as distinct values and their counts."""
    distinct, weights = _merged(values, counts)
    n = int(weights.sum())
    if n == 0:
        return None
    mean = float(weights @ distinct) / n
    ends = np.cumsum(weights)
    middle = _nth(distinct, ends, n // 2)
    median = middle if n % 2 else (_nth(distinct, ends, n // 2 - 1) + middle) / 2
    sd = math.sqrt(float(weights @ (distinct - mean) ** 2) / (n - 1)) if n > 1 else 0.0
    return mean, median, sd


def percentile(values: Sequence[float] | FloatArray, q: float) -> float | None:
    """The q-th percentile, interpolated linearly between the two nearest values (numpy's and
    spreadsheets' PERCENTILE.INC)."""
    return percentile_counts(*counted(values), q)


def percentile_counts(
    values: Sequence[float] | FloatArray, counts: Sequence[int] | IntArray, q: float
) -> float | None:
    """`percentile` of items given as distinct values and their counts."""
    distinct, weights = _merged(values, counts)
    n = int(weights.sum())
    if n == 0:
        return None
    position = (n - 1) * q / 100
    below = math.floor(position)
    ends = np.cumsum(weights)
    low = _nth(distinct, ends, below)
    if below + 1 >= n:
        return low
    return low + (position - below) * (_nth(distinct, ends, below + 1) - low)


def average_ranks(values: Sequence[float] | FloatArray) -> FloatArray:
    """Ranks from 1, tied values sharing the mean of the ranks they span."""
    return _weighted_ranks(np.asarray(values, dtype=np.float64), np.ones(len(values)))


def _weighted_ranks(values: FloatArray, weights: FloatArray) -> FloatArray:
    """The average rank of each entry, an entry standing for `weight` tied items."""
    _, inverse = np.unique(values, return_inverse=True)
    totals = np.bincount(inverse, weights=weights)
    ends = np.cumsum(totals)
    mids = ends - (totals - 1) / 2.0
    return np.asarray(mids[inverse], dtype=np.float64)


def spearman(x: Sequence[float] | FloatArray, y: Sequence[float] | FloatArray) -> float | None:
    """Spearman's rho: Pearson's correlation of the average ranks. None with fewer than three
    pairs or when either side is constant (the correlation is undefined)."""
    if len(x) != len(y):
        return None
    return spearman_counts(x, y, np.ones(len(x)))


def spearman_counts(
    x: Sequence[float] | FloatArray,
    y: Sequence[float] | FloatArray,
    counts: Sequence[float] | FloatArray,
) -> float | None:
    """`spearman` of pairs given as distinct (x, y) pairs and how many times each occurs."""
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    w = np.asarray(counts, dtype=np.float64)
    n = float(w.sum())
    if n < 3 or a.size != b.size:
        return None
    ra, rb = _weighted_ranks(a, w), _weighted_ranks(b, w)
    ra -= float(w @ ra) / n
    rb -= float(w @ rb) / n
    denominator = math.sqrt(float(w @ (ra * ra)) * float(w @ (rb * rb)))
    if denominator == 0:
        return None
    return float(w @ (ra * rb)) / denominator


def _normal_two_sided(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def _exact_signed_rank_p(n: int, statistic: float) -> float:
    """Two-sided p of the smaller rank sum under the exact null distribution (ranks 1..n, no
    ties): the number of sign patterns whose positive-rank sum is at most the statistic."""
    top = n * (n + 1) // 2
    ways = np.zeros(top + 1)
    ways[0] = 1.0
    for rank in range(1, n + 1):
        ways[rank:] = ways[rank:] + ways[: top + 1 - rank].copy()
    ways /= 2.0**n
    below = float(ways[: math.floor(statistic) + 1].sum())
    return min(1.0, 2 * below)


def wilcoxon_p(differences: Sequence[float] | FloatArray) -> float | None:
    """The two-sided Wilcoxon signed-rank p-value of paired differences. Zero differences are
    dropped (Wilcoxon's own rule). With at most 50 non-zero differences and no tied magnitudes
    the exact distribution is used; otherwise the normal approximation with the tie correction
    of the variance, without continuity correction (scipy.stats.wilcoxon's choices). None when
    no difference is left."""
    d = np.asarray(differences, dtype=np.float64)
    d = d[d != 0]
    n = d.size
    if n == 0:
        return None
    magnitudes = np.abs(d)
    ranks = average_ranks(magnitudes)
    positive = float(ranks[d > 0].sum())
    negative = float(ranks[d < 0].sum())
    statistic = min(positive, negative)
    _, tie_counts = np.unique(magnitudes, return_counts=True)
    ties = bool((tie_counts > 1).any())
    if n <= 50 and not ties:
        return _exact_signed_rank_p(n, statistic)
    mean = n * (n + 1) / 4
    variance = n * (n + 1) * (2 * n + 1) / 24 - float((tie_counts**3 - tie_counts).sum()) / 48
    if variance <= 0:
        return 1.0
    return _normal_two_sided((statistic - mean) / math.sqrt(variance))


def binomial_two_sided_p(k: int, n: int) -> float:
    """Exact two-sided p of k successes in n trials at probability one half (the smaller tail,
    doubled, at most 1): McNemar's exact test on the n discordant pairs."""
    if n == 0:
        return 1.0
    smaller = min(k, n - k)
    tail = sum(math.comb(n, i) for i in range(smaller + 1)) / 2.0**n
    return min(1.0, 2 * tail)


def quadratic_kappa(
    a: Sequence[float] | FloatArray, b: Sequence[float] | FloatArray, categories: Sequence[float]
) -> float | None:
    """Cohen's kappa with quadratic weights, the weight of a disagreement being the squared
    distance of the two categories' positions in `categories` (the scale, in order). None when
    the expected disagreement is zero (both raters gave one and the same value throughout)."""
    index = {value: i for i, value in enumerate(categories)}
    k = len(categories)
    if k < 2 or len(a) == 0:
        return None
    observed = np.zeros((k, k))
    np.add.at(observed, ([index[v] for v in a], [index[v] for v in b]), 1.0)
    observed /= observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    positions = np.arange(k, dtype=np.float64)
    weights = (positions[:, None] - positions[None, :]) ** 2
    disagreement = float((weights * expected).sum())
    if disagreement == 0:
        return None
    return 1.0 - float((weights * observed).sum()) / disagreement


def krippendorff_alpha_ordinal(units: Sequence[Sequence[float | None]]) -> float | None:
    """Krippendorff's alpha at the ordinal level for any number of raters, missing ratings
    allowed. `units` holds one row per item, one entry per rater (None when that rater did not
    rate it). Computed from the coincidence matrix with the ordinal distance; units with fewer
    than two ratings do not count. None when there is no pairable value or no variation."""
    rated = [[v for v in unit if v is not None] for unit in units]
    rated = [values for values in rated if len(values) >= 2]
    if not rated:
        return None
    domain = sorted({v for values in rated for v in values})
    if len(domain) < 2:
        return None
    index = {value: i for i, value in enumerate(domain)}
    k = len(domain)
    coincidence = np.zeros((k, k))
    for values in rated:
        counts = np.zeros(k)
        for v in values:
            counts[index[v]] += 1
        pairs = np.outer(counts, counts) - np.diag(counts)
        coincidence += pairs / (len(values) - 1)
    marginals = coincidence.sum(axis=1)
    total = marginals.sum()
    # The ordinal distance: the marginal mass between two values, their own counted half.
    cumulative = np.concatenate(([0.0], np.cumsum(marginals)))
    distance = np.zeros((k, k))
    for c in range(k):
        for j in range(k):
            lo, hi = min(c, j), max(c, j)
            span = cumulative[hi + 1] - cumulative[lo] - (marginals[c] + marginals[j]) / 2
            distance[c, j] = span**2
    observed = float((coincidence * distance).sum())
    expected = float((np.outer(marginals, marginals) * distance).sum()) / (total - 1)
    if expected == 0:
        return None
    return float(1.0 - observed / expected)
