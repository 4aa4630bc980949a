"""Measure where FER2013 faces put the eyes, so live crops can be framed the same way.

Why: the emotion model only sees 48x48 crops framed like FER2013's. We run the app's own
face detector on FER2013 training faces and take the median eye geometry; the pipeline's
aligner then rotates and scales each live face to match. Prints JSON for models/emotion.json.
Usage: python tools/measure_fer_framing.py [N_FACES]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from companion.vision.detector import FaceDetector  # noqa: E402

UPSCALE = 4  # BlazeFace wants faces larger than 48 px, with some margin around them.
PAD = 48  # grey border so faces touching the edge still detect


def main() -> int:
    n_faces = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    data = np.load(REPO.parent / "shared" / "datasets" / "fer2013" / "fer2013_Training.npz")
    images = data["images"][:n_faces]
    centers, distances, angles = [], [], []
    with FaceDetector(min_score=0.5) as detector:
        for img in images:
            big = cv2.resize(img, None, fx=UPSCALE, fy=UPSCALE, interpolation=cv2.INTER_CUBIC)
            big = cv2.copyMakeBorder(big, PAD, PAD, PAD, PAD, cv2.BORDER_REPLICATE)
            faces = detector.detect(cv2.cvtColor(big, cv2.COLOR_GRAY2BGR))
            if len(faces) != 1:
                continue
            eyes = (faces[0].keypoints[:2] - PAD) / (48 * UPSCALE)
            right, left = eyes[0], eyes[1]
            centers.append((right + left) / 2)
            distances.append(float(np.linalg.norm(left - right)))
            angles.append(float(np.degrees(np.arctan2(left[1] - right[1], left[0] - right[0]))))
    centers_arr = np.array(centers)
    framing = {
        "eye_center": [round(float(v), 4) for v in np.median(centers_arr, axis=0)],
        "eye_distance": round(float(np.median(distances)), 4),
        "measured_on": f"{len(centers)} of {n_faces} FER2013 Training faces (one face detected)",
        "spread": {
            "eye_center_iqr": [
                round(float(v), 4)
                for v in np.subtract(*np.percentile(centers_arr, [75, 25], axis=0))
            ],
            "eye_distance_iqr": round(float(np.subtract(*np.percentile(distances, [75, 25]))), 4),
            "roll_deg_median": round(float(np.median(angles)), 2),
        },
    }
    print(json.dumps(framing, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
