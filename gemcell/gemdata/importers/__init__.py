"""The shapes gemcell can import, by name: ``SHAPES`` and ``get_shape(name)``.

Each shape module exposes its shape object as ``SHAPE`` (see ``contract.Shape``); adding a shape is adding its module
here. The engine (``engine.run_import``) is the same for all of them.
"""
from gemcell.gemdata.importers import gem_bidplus, gem_contracts, gepnic, mapped, ocds, template
from gemcell.gemdata.importers.contract import Shape

#: shape name -> shape, in the order the shape picker lists them
SHAPES: dict[str, Shape] = {module.SHAPE.name: module.SHAPE
                            for module in (gem_contracts, gem_bidplus, gepnic, ocds, template, mapped)}


def get_shape(name: str) -> Shape:
    """The shape called ``name``; ``KeyError`` if there is none."""
    return SHAPES[name]
