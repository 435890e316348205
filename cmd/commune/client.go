package main

// clientCommands lists the client sub-commands, which talk to a running
// server over the JSON API. Being written by the API/CLI work.
func clientCommands() map[string]command {
	return map[string]command{}
}
