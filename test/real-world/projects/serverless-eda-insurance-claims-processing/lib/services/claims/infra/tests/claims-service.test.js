// Infrastructure test
