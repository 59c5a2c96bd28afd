"""The copy zoo: a Hard-ALiBi transformer and a fixed-state GRU trained to copy strings."""
