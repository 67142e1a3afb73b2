from anju.supervision.cli import main

main()
