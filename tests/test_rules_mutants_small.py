"""Known-answer tests for the small rule modules (losses, occupancy, clock, search), for `make mutate`."""
