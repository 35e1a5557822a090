# Answers every request with the version baked into the image (VERSION), so a deploy shows which
# image runs. Perl's core modules only: the base image has nothing else.
use strict;
use warnings;
use IO::Socket::INET;

open(my $fh, '<', '/app/VERSION') or die "no VERSION: $!";
my $version = <$fh>;
chomp $version;
close $fh;
$| = 1;
my $server = IO::Socket::INET->new(LocalPort => 8080, Listen => 16, ReuseAddr => 1) or die "listen: $!";
print "chained-app $version listening on 8080\n";
while (my $c = $server->accept) {
  while (my $line = <$c>) { last if $line =~ /^\r?\n$/; }
  my $body = "chained-app $version\n";
  print $c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . length($body) . "\r\n\r\n$body";
  close $c;
}
