// PtolemyEngine — see DESIGN.md for this module's layer and what it may import.
