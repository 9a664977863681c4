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
km = np.fromfile(spec["kmeans"], dtype=np.float64).reshape(-1, 8)
t = time.perf_counter()
KMeans(n_clusters=8, n_init=1, random_state=0).fit(km)
out["kmeans"] = (time.perf_counter() - t) * 1000
lx = np.fromfile(spec["logistic_x"], dtype=np.float64).reshape(-1, 20)
ly = np.fromfile(spec["logistic_y"], dtype=np.float64)
t = time.perf_counter()
LogisticRegression().fit(lx, ly)
out["logistic"] = (time.perf_counter() - t) * 1000
bx = np.fromfile(spec["boosting_x"], dtype=np.float64).reshape(-1, 20)
by = np.fromfile(spec["boosting_y"], dtype=np.float64)
t = time.perf_counter()
HistGradientBoostingClassifier(max_iter=100, early_stopping=False).fit(bx, by)
out["boosting"] = (time.perf_counter() - t) * 1000
bby = np.fromfile(spec["boosting_big_y"], dtype=np.float64)
t = time.perf_counter()
HistGradientBoostingClassifier(max_iter=100, early_stopping=False).fit(lx, bby)
out["boostingBig"] = (time.perf_counter() - t) * 1000
print(json.dumps(out))
