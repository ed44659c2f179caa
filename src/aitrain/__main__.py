from aitrain.cli import main

main()
