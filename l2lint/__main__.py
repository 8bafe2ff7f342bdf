from l2lint.cli import main

main()
