"""The composition root: wires settings, services and channels; the only package that imports handlers.*."""
