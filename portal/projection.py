"""The Equal Earth projection (Šavrič, Patterson and Jenny, 2018), scaled to the world map's viewBox.

Django-free, so that the map builder and the map page place a longitude and latitude on the same spot.
"""

import math

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2

# The projected world spans x in ±2.7064 and y in ±1.3173 (unit sphere); the map is 1000 units wide.
SCALE = 1000 / (2 * 2.70644)
WIDTH = 1000.0
# Antarctica is left off: nothing of the Bali Process lies south of 60°S.
NORTH, SOUTH = 84.0, -60.0
# Centred on the Asia-Pacific, so that the Pacific members sit together; the seam runs at 30°W.
CENTRAL_MERIDIAN = 150.0


def rotate(longitude):
    """Longitude relative to the central meridian, in [-180, 180)."""
    return (longitude - CENTRAL_MERIDIAN + 180) % 360 - 180


def _raw(longitude, latitude):
    """Equal Earth on the unit sphere, for a longitude already relative to the central meridian."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


_, _TOP = _raw(0, NORTH)
_, _BOTTOM = _raw(0, SOUTH)
HEIGHT = round((_TOP - _BOTTOM) * SCALE, 1)


def project(longitude, latitude, rotated=False):
    """(x, y) in map units for a longitude and latitude in degrees; y grows southwards."""
    x, y = _raw(longitude if rotated else rotate(longitude), latitude)
    return WIDTH / 2 + x * SCALE, (_TOP - y) * SCALE
