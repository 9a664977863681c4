#!/usr/bin/python3
"""Times scikit-learn on the exact arrays the TypeScript benchmark used (raw float64 files it wrote).
Optional: `npm run bench` calls it when /usr/bin/python3 has scikit-learn; tests never do."""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

spec = json.loads(sys.argv[1])
out = {"sklearn": sklearn.__version__}
RUNS = 3


def median_ms(fit):
    """Each fit three times, as the TypeScript side; the median in milliseconds."""
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fit()
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)[RUNS // 2]


km = np.fromfile(spec["kmeans"], dtype=np.float64).reshape(-1, 8)
out["kmeans"] = median_ms(lambda: KMeans(n_clusters=8, n_init=1, random_state=0).fit(km))
lx = np.fromfile(spec["logistic_x"], dtype=np.float64).reshape(-1, 20)
ly = np.fromfile(spec["logistic_y"], dtype=np.float64)
out["logistic"] = median_ms(lambda: LogisticRegression().fit(lx, ly))
bx = np.fromfile(spec["boosting_x"], dtype=np.float64).reshape(-1, 20)
by = np.fromfile(spec["boosting_y"], dtype=np.float64)
out["boosting"] = median_ms(lambda: HistGradientBoostingClassifier(max_iter=100, early_stopping=False).fit(bx, by))
bby = np.fromfile(spec["boosting_big_y"], dtype=np.float64)
out["boostingBig"] = median_ms(lambda: HistGradientBoostingClassifier(max_iter=100, early_stopping=False).fit(lx, bby))
print(json.dumps(out))
