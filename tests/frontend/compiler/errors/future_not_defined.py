from __future__ import spaceships
