"""Follow detected faces between detections with optical flow, so a video needs fewer detections.

Why: MediaPipe's FaceDetector costs about 3 ms a call here whatever the frame size (its graph,
not the image, dominates), about as much as the rest of the pipeline. In a continuous video a
face moves a few pixels between frames, so pyramidal Lucas-Kanade flow on the detector's six
keypoints (about 0.5 ms) keeps the eyes, and therefore the aligned crop, where they are. A
forward-backward check rejects a lost track, and the caller re-detects then and at a fixed
interval, so new faces appear within a few frames. Sparse frames (the watcher's 1-3 fps) are
too far apart to track: the caller detects every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from companion.vision.detector import Face

_LK_PARAMS = {
    "winSize": (15, 15),
    "maxLevel": 2,
    "criteria": (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 20, 0.03),
}
# Eyes, nose tip and mouth must all be followed; the ear points (4, 5) often sit on hair or
# background and are moved with the face instead of being trusted.
_CORE_POINTS = (0, 1, 2, 3)


@dataclass(frozen=True)
class TrackingPolicy:
    """When tracking may replace detection.

    redetect_every: one frame in this many is detected; the others in between are tracked.
    max_gap_s: frames further apart than this are detected (the face may have moved a lot).
    max_error: forward-backward error allowed, as a fraction of the eye distance.
    """

    redetect_every: int = 4
    max_gap_s: float = 0.1
    max_error: float = 0.06


def track_faces(
    prev_gray: np.ndarray, gray: np.ndarray, faces: list[Face], max_error: float
) -> list[Face] | None:
    """The faces moved from prev_gray to gray, or None when any of them was lost."""
    if not faces:
        return []
    points = np.concatenate([f.keypoints for f in faces]).astype(np.float32)
    # Flow only inside the faces' neighbourhood: the pyramids of a small crop cost a
    # fraction of the whole frame's.
    x0, y0, x1, y1 = _search_region(faces, gray.shape)
    offset = np.array([x0, y0], dtype=np.float32)
    prev_roi, roi = prev_gray[y0:y1, x0:x1], gray[y0:y1, x0:x1]
    start = (points - offset).reshape(-1, 1, 2)
    moved, status, _ = cv2.calcOpticalFlowPyrLK(prev_roi, roi, start, None, **_LK_PARAMS)
    if moved is None:
        return None
    back, status_back, _ = cv2.calcOpticalFlowPyrLK(roi, prev_roi, moved, None, **_LK_PARAMS)
    if back is None:
        return None
    moved, back = moved.reshape(-1, 2) + offset, back.reshape(-1, 2) + offset
    ok = (status.ravel() == 1) & (status_back.ravel() == 1)
    error = np.linalg.norm(back - points, axis=1)
    height, width = gray.shape[:2]
    tracked = []
    for i, face in enumerate(faces):
        rows = slice(6 * i, 6 * i + 6)
        old, new, good, err = points[rows], moved[rows], ok[rows], error[rows]
        eye_distance = float(np.linalg.norm(old[1] - old[0]))
        core = list(_CORE_POINTS)
        if eye_distance < 4 or not good[core].all() or err[core].max() > max_error * eye_distance:
            return None
        shift = np.median(new[core] - old[core], axis=0)
        scale = float(np.linalg.norm(new[1] - new[0])) / eye_distance
        keypoints = new.copy()
        keypoints[4:] = old[4:] + shift  # ears follow the face
        x, y, w, h = face.box
        cx, cy = x + w / 2 + shift[0], y + h / 2 + shift[1]
        w2, h2 = w * scale, h * scale
        x0, y0 = max(0, round(cx - w2 / 2)), max(0, round(cy - h2 / 2))
        x1, y1 = min(width, round(cx + w2 / 2)), min(height, round(cy + h2 / 2))
        if x1 <= x0 or y1 <= y0:
            return None
        tracked.append(Face((x0, y0, x1 - x0, y1 - y0), face.score, keypoints.astype(np.float32)))
    return tracked


def _search_region(faces: list[Face], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The faces' boxes with half a face of margin on every side, clipped to the frame."""
    height, width = shape[:2]
    x0 = min(f.box[0] - f.box[2] // 2 for f in faces)
    y0 = min(f.box[1] - f.box[3] // 2 for f in faces)
    x1 = max(f.box[0] + f.box[2] * 3 // 2 for f in faces)
    y1 = max(f.box[1] + f.box[3] * 3 // 2 for f in faces)
    return max(0, x0), max(0, y0), min(width, x1), min(height, y1)
