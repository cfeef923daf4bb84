from toolkit.framework.testing import framework_loaded  # noqa: F401
