"""Speed and scale measurements (`make bench`); not tests, they print figures."""
