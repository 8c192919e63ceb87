"""Geography: hex maths, the map projection, the theatre map and its file format."""
