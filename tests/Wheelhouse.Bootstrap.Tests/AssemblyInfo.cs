// The tests compile into shared temp copies and time warm starts; running them one at a time
// keeps the compiles from competing for the machine's cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
