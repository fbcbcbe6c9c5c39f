"""Placement: a small resource-placement API written with care.

It uses the same libraries as `vulnerable_app`, safely; secreview must report nothing here.
"""
