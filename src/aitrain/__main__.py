from aitrain.course.cli import main

main()
