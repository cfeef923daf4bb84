def area(request):
    """The area and membership that `area_view` resolved, for the demo notice and navigation."""
    return {
        "area": getattr(request, "area", None),
        "membership": getattr(request, "membership", None),
    }
