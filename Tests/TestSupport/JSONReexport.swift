// Tests parse the Python peers' JSON lines with the project's one JSON model.
@_exported import JSON
