"""The live class's web side: the students' pages and the small API they call (Starlette).
Imported only by `relquiz host`, so `play` starts no slower."""
