"""Every statistic against a reference implementation on random data, and the cases worked by
hand in docs/analysis.md."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest
from scipy import stats as scipy_stats
from sklearn.metrics import cohen_kappa_score

from judge_tui.analysis import stats


def _scores(rng: random.Random, n: int, top: int = 5) -> list[float]:
    return [float(rng.randint(1, top)) for _ in range(n)]


@pytest.mark.parametrize("seed", range(20))
def test_spearman_matches_scipy_with_ties(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(5, 300)
    x = _scores(rng, n)
    y = [v + rng.choice((-1, 0, 0, 1, 2)) for v in x]
    expected = scipy_stats.spearmanr(x, y).statistic
    assert stats.spearman(x, y) == pytest.approx(expected, abs=1e-12)


def test_spearman_of_a_constant_side_is_undefined() -> None:
    assert stats.spearman([3, 3, 3, 3], [1, 2, 3, 4]) is None
    assert stats.spearman([1, 2], [2, 1]) is None


@pytest.mark.parametrize("seed", range(30))
def test_wilcoxon_matches_scipy(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice((8, 20, 45, 120, 900))
    if seed % 3 == 0:  # no ties, no zeros: small samples take the exact distribution
        d = [rng.uniform(-2, 2.5) for _ in range(n)]
        method = "exact" if n <= 50 else "approx"
    else:  # judge scores: many ties and zeros
        d = [a - b for a, b in zip(_scores(rng, n), _scores(rng, n), strict=True)]
        method = "approx"
    ours = stats.wilcoxon_p(d)
    nonzero = [v for v in d if v != 0]
    reference = scipy_stats.wilcoxon(
        nonzero, zero_method="wilcox", correction=False, method=method
    ).pvalue
    assert ours == pytest.approx(reference, rel=1e-9, abs=1e-12)


def test_wilcoxon_without_a_difference_has_no_p() -> None:
    assert stats.wilcoxon_p([0, 0, 0]) is None


@pytest.mark.parametrize("seed", range(20))
def test_mcnemar_exact_matches_scipy_binomtest(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 200)
    k = rng.randint(0, n)
    expected = scipy_stats.binomtest(k, n, 0.5).pvalue
    assert stats.binomial_two_sided_p(k, n) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_quadratic_kappa_matches_scikit_learn(seed: int) -> None:
    rng = random.Random(seed)
    top = rng.choice((5, 10))
    n = rng.randint(10, 400)
    a = _scores(rng, n, top)
    b = [min(top, max(1, v + rng.choice((-2, -1, 0, 0, 0, 1)))) for v in a]
    scale = [float(v) for v in range(1, top + 1)]
    expected = cohen_kappa_score(a, b, labels=scale, weights="quadratic")
    assert stats.quadratic_kappa(a, b, scale) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_krippendorff_alpha_ordinal_matches_the_krippendorff_package(seed: int) -> None:
    rng = random.Random(seed)
    raters = rng.randint(2, 4)
    items = rng.randint(10, 150)
    units: list[list[float | None]] = []
    for _ in range(items):
        truth = rng.randint(1, 5)
        units.append(
            [
                None
                if rng.random() < 0.15
                else float(min(5, max(1, truth + rng.choice((-1, 0, 0, 1)))))
                for _ in range(raters)
            ]
        )
    matrix = np.array([[np.nan if v is None else v for v in unit] for unit in units], dtype=float).T
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")
    assert stats.krippendorff_alpha_ordinal(units) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_bootstrap_interval_agrees_with_scipy_and_is_reproducible(seed: int) -> None:
    rng = random.Random(seed)
    values = _scores(rng, rng.randint(30, 500))
    ours = stats.bootstrap_mean_ci(values, resamples=20000, seed=seed)
    again = stats.bootstrap_mean_ci(values, resamples=20000, seed=seed)
    reference = scipy_stats.bootstrap(
        (np.array(values),), np.mean, n_resamples=20000, method="percentile",
        random_state=np.random.default_rng(seed + 1000),
    ).confidence_interval  # fmt: skip
    assert ours is not None and again == ours
    se = float(np.std(values, ddof=1) / np.sqrt(len(values)))
    # Two Monte-Carlo estimates of the same percentiles: within a small share of the error.
    assert ours.lo == pytest.approx(reference.low, abs=0.08 * se)
    assert ours.hi == pytest.approx(reference.high, abs=0.08 * se)
    assert "1000" not in ours.method and "20000 resamples" in ours.method


def test_bootstrap_of_many_distinct_values_resamples_items() -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(3.0, 1.0, size=5000)  # 5000 distinct values: the index path
    ours = stats.bootstrap_mean_ci(values, resamples=4000, seed=1)
    se = float(values.std(ddof=1) / np.sqrt(values.size))
    assert ours is not None
    assert ours.lo == pytest.approx(values.mean() - 1.96 * se, abs=0.1 * se)
    assert ours.hi == pytest.approx(values.mean() + 1.96 * se, abs=0.1 * se)


def test_describe_and_percentile_match_numpy_and_the_docs() -> None:
    assert stats.describe([1, 2, 4, 5]) == pytest.approx((3.0, 3.0, 1.8257418583505538))
    assert stats.describe([4]) == (4.0, 4.0, 0.0)
    assert stats.describe([]) is None
    assert stats.percentile([100, 200, 300, 400], 95) == pytest.approx(385.0)


def test_hand_worked_cases_of_docs_analysis_md() -> None:
    # docs/analysis.md works these out by hand.
    assert stats.quadratic_kappa([1, 2, 3], [1, 3, 3], [1, 2, 3]) == pytest.approx(0.8)
    assert stats.wilcoxon_p([1, 2, -3, 4]) == pytest.approx(0.625)
    assert stats.binomial_two_sided_p(1, 5) == pytest.approx(0.375)
    assert stats.spearman([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert stats.krippendorff_alpha_ordinal([[1, 1], [2, 2], [3, 3]]) == pytest.approx(1.0)
