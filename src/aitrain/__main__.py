from aitrain.tooling.cli import main

main()
