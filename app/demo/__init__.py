"""The demo data set (``flask forum load-demo``): invented but realistic accounts,
consultations, proposals in Italian over every Driver and zone, supports, comments, flags and
moderation history. For local use and user testing only."""
