"""Benchmarks of stembot side by side with a stock Rasa baseline (`make bench`, see bench/run.py).

Every figure is taken in the same run for both bots, one after the other on free ports, because these machines
are shared and noisy: the ratios between the two bots mean more than the absolute numbers.
"""
