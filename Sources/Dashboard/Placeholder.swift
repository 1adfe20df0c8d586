// placeholder so the package graph loads while this module is written
